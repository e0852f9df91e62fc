package org.thermogen.runtime.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.data.MoonsSource;
import org.thermogen.runtime.nn.Activation;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.run.StoppingRecorder;
import org.thermogen.runtime.run.TrainingState;
import org.thermogen.runtime.testmodels.FamilyModel;
import org.thermogen.runtime.train.TrainingResult;

/**
 * A denoiser's training stopped after any epoch and continued from the state it reported
 * ends with the bits of a run never stopped: the averaged parameters it returns, the last
 * iterate and Adam's moments inside, the history.
 */
class DenoiserResumeTest {

    @Test
    void aRunStoppedAndContinuedEndsWithTheBitsOfOneNeverStopped() {
        DiffusionModel m = DiffusionModel.builder("Moons", 2).schedule(NoiseSchedule.cosine(50)).timeEmbedding(8)
                .hidden(16, Activation.SILU).hidden(16, Activation.SILU).build();
        FamilyModel model = new FamilyModel(m.spec(), new DiffusionStructure(m));
        Dataset data = MoonsSource.builder().n(300).noise(0.05).seed(1).build().read(Path.of(""), "Moons.train");
        for (double ema : new double[] {0.99, 0}) {
            DenoiserTraining trainer = DenoiserTraining.builder().epochs(6).batch(64).ema(ema).build();
            double[] theta0 = m.initialParameters(new SplittableRandom(2));
            TrainingResult once;
            try (RunContext c = new RunContext(4, Path.of(""), new StoppingRecorder(-1), 2)) {
                once = trainer.train(model, theta0, data, c);
            }
            for (int stop : new int[] {1, 3, 5}) {
                StoppingRecorder first = new StoppingRecorder(stop);
                try (RunContext c = new RunContext(4, Path.of(""), first, 2)) {
                    assertThrows(CancellationException.class, () -> trainer.train(model, theta0, data, c));
                }
                TrainingState saved = first.last();
                TrainingResult rest;
                try (RunContext c = new RunContext(4, Path.of(""), new StoppingRecorder(-1), 1)) {
                    rest = trainer.resume(model, saved, data, c);
                }
                assertArrayEquals(once.theta(), rest.theta(), "ema " + ema + ", stopped after epoch " + stop);
                assertEquals(6, rest.history().size());
                for (int e = 0; e < 6; e++) {
                    assertArrayEquals(once.history().rows().get(e), rest.history().rows().get(e), "epoch " + (e + 1));
                }
            }
        }
    }
}
