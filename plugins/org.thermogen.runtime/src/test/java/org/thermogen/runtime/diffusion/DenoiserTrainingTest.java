package org.thermogen.runtime.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.data.MoonsSource;
import org.thermogen.runtime.eval.SampleDistance;
import org.thermogen.runtime.nn.Activation;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.train.TrainingResult;

class DenoiserTrainingTest {

    private static DiffusionModel moonsModel(Prediction prediction) {
        return DiffusionModel.builder("Moons", 2).schedule(NoiseSchedule.cosine(100)).timeEmbedding(16)
                .hidden(64, Activation.SILU).hidden(64, Activation.SILU).predicts(prediction).build();
    }

    /**
     * Two moons (noise 0.05): 2000 training rows, 1000 held-out rows (another seed) cut into
     * halves A and B. The biased MMD^2 (V-statistic, so that equal distributions give a
     * positive floor of order 1/n instead of a value scattered around 0) at one bandwidth,
     * the median heuristic on A and B: 500 DDPM samples (and 500 of DDIM with 25 steps)
     * against B must be within 4 times A against B, and below a tenth of 500 N(0, I) points
     * against B. Budget: 150 epochs of 16 batches of 128, about 3 s on 2 cores.
     */
    @Test
    void trainedOnTwoMoonsSamplesLikeHeldOutData() {
        Dataset train = MoonsSource.builder().n(2000).noise(0.05).seed(1).build().read(Path.of(""), "Moons.train");
        Dataset held = MoonsSource.builder().n(1000).noise(0.05).seed(2).build().read(Path.of(""), "Moons.test");
        double[] a = Arrays.copyOfRange(held.values(), 0, 1000);
        double[] b = Arrays.copyOfRange(held.values(), 1000, 2000);
        DiffusionModel model = moonsModel(Prediction.EPSILON);
        RunContext context = new RunContext(7, Path.of(""), ProgressListener.NONE, 2);
        try {
            long start = System.nanoTime();
            TrainingResult trained = DenoiserTraining.builder().epochs(150).batch(128).build()
                    .train(model, model.initialParameters(context.random("init")), train, context);
            long trainedAt = System.nanoTime();
            DiffusionSamples samples = new Ddpm(Ddpm.Variance.BETA).sample(model.schedule(),
                    model.denoiser(trained.theta()), 500, context);
            long sampledAt = System.nanoTime();
            double[] noise = new double[1000];
            SplittableRandom random = new SplittableRandom(3);
            for (int i = 0; i < noise.length; i++) {
                noise[i] = random.nextGaussian();
            }
            double h = SampleDistance.medianBandwidth(a, 500, b, 500, 2);
            double floor = SampleDistance.mmd2Biased(a, 500, b, 500, 2, h);
            double model2 = SampleDistance.mmd2Biased(samples.values(), 500, b, 500, 2, h);
            double noise2 = SampleDistance.mmd2Biased(noise, 500, b, 500, 2, h);
            double[] mse = trained.history().column("mse");
            System.out.printf("moons: train %.1f s, sample %.1f s; mse %.4f -> %.4f; MMD^2 model %.5f, halves %.5f,"
                    + " noise %.5f (bandwidth %.3f)%n", (trainedAt - start) * 1e-9, (sampledAt - trainedAt) * 1e-9,
                    mse[0], mse[mse.length - 1], model2, floor, noise2, h);
            assertTrue(model2 < 4 * floor, "model " + model2 + " against held-out halves " + floor);
            assertTrue(model2 < 0.1 * noise2, "model " + model2 + " against noise " + noise2);
            assertTrue(mse[mse.length - 1] < mse[0]);
            DiffusionSamples ddim = new Ddim(25, 0).sample(model.schedule(), model.denoiser(trained.theta()), 500,
                    context);
            double ddim2 = SampleDistance.mmd2Biased(ddim.values(), 500, b, 500, 2, h);
            System.out.printf("moons: ddim(steps 25, eta 0) MMD^2 %.5f%n", ddim2);
            assertTrue(ddim2 < 4 * floor, "ddim " + ddim2 + " against held-out halves " + floor);
        } finally {
            context.close();
        }
    }

    /** Fixed pieces and streams: two threads or one give bit-identical parameters. */
    @Test
    void trainingDoesNotDependOnThreads() {
        Dataset train = MoonsSource.builder().n(300).noise(0.05).seed(1).build().read(Path.of(""), "Moons.train");
        for (Prediction p : Prediction.values()) {
            DiffusionModel model = moonsModel(p);
            DenoiserTraining trainer = DenoiserTraining.builder().epochs(3).batch(64).build();
            RunContext one = new RunContext(5, Path.of(""), ProgressListener.NONE, 1);
            RunContext two = new RunContext(5, Path.of(""), ProgressListener.NONE, 2);
            try {
                double[] init = model.initialParameters(new SplittableRandom(1));
                TrainingResult r1 = trainer.train(model, init, train, one);
                TrainingResult r2 = trainer.train(model, init, train, two);
                assertArrayEquals(r1.theta(), r2.theta(), 0.0);
                assertEquals(3, r1.history().size());
            } finally {
                one.close();
                two.close();
            }
        }
    }

    @Test
    void messages() {
        DiffusionModel model = moonsModel(Prediction.EPSILON);
        Dataset wide = new Dataset("Wide", 2, 3, new double[6], null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DenoiserTraining.builder()
                .build().train(model, new double[model.parameterCount()], wide, RunContext.withSeed(1)));
        assertEquals("Wide has 3 columns, but Moons models points of 2", e.getMessage());
        IllegalArgumentException ema = assertThrows(IllegalArgumentException.class,
                () -> DenoiserTraining.builder().ema(1).build());
        assertEquals("denoising ema must satisfy 0 <= ema < 1, not 1.0", ema.getMessage());
        assertEquals("ddpm(epochs 200, batch 256, optimizer adam(lr 0.001, beta1 0.9, beta2 0.999, epsilon 1.0E-8,"
                + " weight_decay 0.0), clip 1, ema 0.999, snapshots 5)", DenoiserTraining.builder().build().describe());
        assertEquals("denoising snapshots must be 0 (none) or more, not -1",
                assertThrows(IllegalArgumentException.class, () -> DenoiserTraining.builder().snapshots(-1).build())
                        .getMessage());
    }
}
