package org.thermogen.runtime.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.data.MoonsSource;
import org.thermogen.runtime.eval.SampleDistanceMetric;
import org.thermogen.runtime.eval.EvaluationResult;
import org.thermogen.runtime.nn.Activation;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.train.TrainingResult;

/** The example of the package documentation, as written there (fewer epochs), so that it keeps compiling and running. */
class DiffusionExampleTest {

    /**
     * After 30 epochs the samples are already far closer to the test moons than noise (whose
     * MMD^2 is about 0.09, see DenoiserTrainingTest); the figure must be below 0.02.
     */
    @Test
    void packageExampleRuns() {
        RunContext context = RunContext.withSeed(7);
        Dataset train = MoonsSource.builder().n(2000).noise(0.05).seed(1).build().read(Path.of(""), "Moons.train");
        Dataset test = MoonsSource.builder().n(1000).noise(0.05).seed(2).build().read(Path.of(""), "Moons.test");
        DiffusionModel model = DiffusionModel.builder("Moons", 2)
                .schedule(NoiseSchedule.cosine(100))
                .hidden(64, Activation.SILU).hidden(64, Activation.SILU)
                .predicts(Prediction.EPSILON)
                .build();
        TrainingResult trained = DenoiserTraining.builder().epochs(30).batch(128).build()
                .train(model, model.initialParameters(context.random("init")), train, context);
        Denoiser denoiser = model.denoiser(trained.theta());
        DiffusionSamples samples = new Ddpm(Ddpm.Variance.POSTERIOR).sample(model.schedule(), denoiser, 1000, context, 0);
        EvaluationResult mmd = SampleDistanceMetric.figure(SampleDistanceMetric.Kind.MMD, samples.toSamples(100),
                SampleDistanceMetric.Halves.of(test, 500, context.random("halves")), test.name());
        double[][] strip = samples.trajectory().predictedX0();
        context.close();

        System.out.printf("example: %s = %.5f (data halves %.5f); %s%n", mmd.name(), mmd.value(),
                mmd.details().get("data_halves"), model.describe());
        assertEquals("mmd2_test", mmd.name());
        assertTrue(mmd.value() < 0.02, "mmd " + mmd.value());
        assertEquals(100, strip.length);
        assertEquals(101, samples.trajectory().states().length);
    }
}
