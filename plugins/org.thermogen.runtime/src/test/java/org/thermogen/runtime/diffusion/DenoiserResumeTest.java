package org.thermogen.runtime.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.data.MoonsSource;
import org.thermogen.runtime.nn.Activation;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.run.StoppingRecorder;
import org.thermogen.runtime.run.TrainingState;
import org.thermogen.runtime.testmodels.FamilyModel;
import org.thermogen.runtime.train.HeldOutLoss;
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

    /**
     * The held-out loss is the training loss on fixed noised rows: one step and one noise per
     * row, drawn from the run's {@code "held out"} stream in row order, the network's squared
     * error averaged over rows and coordinates, at the moving average the run would return.
     */
    @Test
    void theHeldOutLossIsTheDenoisingErrorOnFixedNoisedRows() {
        DiffusionModel m = DiffusionModel.builder("Moons", 2).schedule(NoiseSchedule.cosine(50)).timeEmbedding(8)
                .hidden(16, Activation.SILU).build();
        FamilyModel model = new FamilyModel(m.spec(), new DiffusionStructure(m));
        Dataset rows = MoonsSource.builder().n(300).noise(0.05).seed(7).build().read(Path.of(""), "Moons.test");
        DenoiserTraining trainer = DenoiserTraining.builder().epochs(3).batch(64).ema(0.9).build();
        double[] theta = m.initialParameters(new SplittableRandom(2));
        try (RunContext c = new RunContext(4, Path.of(""), ProgressListener.NONE, 1)) {
            HeldOutLoss loss = trainer.heldOutLoss(model, rows, c);
            int n = rows.rows();
            double[] xt = new double[n * 2];
            double[] target = new double[n * 2];
            int[] t = new int[n];
            SplittableRandom noise = c.random("held out");
            for (int r = 0; r < n; r++) {
                t[r] = 1 + noise.nextInt(50);
                double a = m.schedule().sqrtAlphaBar(t[r]);
                double s = m.schedule().sqrtOneMinusAlphaBar(t[r]);
                for (int j = 2 * r; j < 2 * r + 2; j++) {
                    double eps = noise.nextGaussian();
                    xt[j] = a * rows.values()[j] + s * eps;
                    target[j] = m.prediction().target(rows.values()[j], eps, a, s);
                }
            }
            int width = m.network().spec().inputSize();
            double sum = m.squaredErrorGradient(theta, xt, t, target, 0, n, 1, new double[n * width],
                    m.network().workspace(n), new double[n * 2], new double[n * width], new double[theta.length]);
            assertEquals(sum / (2.0 * n), loss.at(theta), 1e-12 * sum);
            StoppingRecorder states = new StoppingRecorder(-1);
            TrainingResult r;
            try (RunContext t2 = new RunContext(4, Path.of(""), states, 1)) {
                r = trainer.train(model, theta, MoonsSource.builder().n(300).noise(0.05).seed(1).build()
                        .read(Path.of(""), "Moons.train"), t2);
            }
            assertArrayEquals(r.theta(), trainer.kept(states.last()), "what is kept is the moving average returned");
            assertTrue(loss.at(r.theta()) < loss.at(theta), "training lowers the held-out error");
        }
    }
}

