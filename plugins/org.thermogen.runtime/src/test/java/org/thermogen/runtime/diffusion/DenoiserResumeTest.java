package org.thermogen.runtime.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.data.MoonsSource;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.model.Structure;
import org.thermogen.runtime.nn.Activation;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.run.TrainingState;
import org.thermogen.runtime.train.TrainingResult;

/**
 * A denoiser's training stopped after any epoch and continued from the state it reported
 * ends with the bits of a run never stopped: the averaged parameters it returns, the last
 * iterate and Adam's moments inside, the history.
 */
class DenoiserResumeTest {

    /** A diffusion model as a model, as the generated classes present one. */
    static final class DiffusionDefinition extends Model {
        final DiffusionModel model;

        DiffusionDefinition(DiffusionModel model) {
            this.model = model;
        }

        @Override
        public ModelSpec spec() {
            return model.spec();
        }

        @Override
        public Structure structure() {
            return new DiffusionStructure(model);
        }

        @Override
        public double energy(double[] x, double[] theta) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void addParameterGradient(double[] x, double[] theta, double scale, double[] grad) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void stateGradient(double[] x, double[] theta, double[] gradX) {
            throw new UnsupportedOperationException();
        }
    }

    /** Records every state, and stops the run (as Ctrl-C does) after epoch {@code stopAfter}. */
    private static final class Recorder implements ProgressListener {
        final List<TrainingState> states = new ArrayList<>();
        final int stopAfter;

        Recorder(int stopAfter) {
            this.stopAfter = stopAfter;
        }

        @Override
        public void state(TrainingState s) {
            states.add(s);
        }

        @Override
        public void step(long done, Map<String, Double> metrics) {
            if (done == stopAfter) {
                throw new CancellationException("interrupted");
            }
        }
    }

    @Test
    void aRunStoppedAndContinuedEndsWithTheBitsOfOneNeverStopped() {
        DiffusionModel m = DiffusionModel.builder("Moons", 2).schedule(NoiseSchedule.cosine(50)).timeEmbedding(8)
                .hidden(16, Activation.SILU).hidden(16, Activation.SILU).build();
        DiffusionDefinition model = new DiffusionDefinition(m);
        Dataset data = MoonsSource.builder().n(300).noise(0.05).seed(1).build().read(Path.of(""), "Moons.train");
        for (double ema : new double[] {0.99, 0}) {
            DenoiserTraining trainer = DenoiserTraining.builder().epochs(6).batch(64).ema(ema).build();
            double[] theta0 = m.initialParameters(new SplittableRandom(2));
            TrainingResult once;
            try (RunContext c = new RunContext(4, Path.of(""), new Recorder(-1), 2)) {
                once = trainer.train(model, theta0, data, c);
            }
            for (int stop : new int[] {1, 3, 5}) {
                Recorder first = new Recorder(stop);
                try (RunContext c = new RunContext(4, Path.of(""), first, 2)) {
                    assertThrows(CancellationException.class, () -> trainer.train(model, theta0, data, c));
                }
                TrainingState saved = first.states.get(first.states.size() - 1);
                TrainingResult rest;
                try (RunContext c = new RunContext(4, Path.of(""), new Recorder(-1), 1)) {
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
