package org.thermogen.spark;


import java.nio.file.Path;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.compute.Precision;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.data.MoonsSource;
import org.thermogen.runtime.diffusion.DenoiserTraining;
import org.thermogen.runtime.diffusion.DiffusionModel;
import org.thermogen.runtime.diffusion.NoiseSchedule;
import org.thermogen.runtime.nn.Activation;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.train.TrainingResult;

/**
 * Data-parallel SGD for a diffusion denoiser on Spark ({@code local[2]}) against training on
 * one machine: 300 moons points, a two-layer MLP with a learned time embedding, float64, 4 epochs
 * of batches of 64 (20 Adam steps, clipping, an average); on 1, 3 and 7 partitions every
 * epoch's loss and every averaged parameter agree to 1e-9 relative, and a second run on the
 * same partitioning has the same bits.
 */
class SparkDiffusionTest {
    private static JavaSparkContext spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("local[2]", "SparkDiffusionTest");
    }

    @AfterAll
    static void stop() {
        spark.close();
    }

    @Test
    void partitionsFollowTheStepsOfOneMachine() {
        DiffusionModel m = DiffusionModel.builder("Moons", 2).schedule(NoiseSchedule.cosine(50)).timeEmbedding(8)
                .learnedTime(true).hidden(16, Activation.SILU).hidden(16, Activation.SILU).precision(Precision.FLOAT64)
                .build();
        Dataset data = MoonsSource.builder().n(300).noise(0.05).seed(1).build().read(Path.of(""), "Moons.train");
        DenoiserTraining trainer = DenoiserTraining.builder().epochs(4).batch(64).ema(0.9).build();
        double[] theta0 = m.initialParameters(new SplittableRandom(2));
        TrainingResult here;
        try (RunContext c = new RunContext(4, Path.of(""), ProgressListener.NONE, 2)) {
            here = trainer.train(m, theta0, data, c);
        }
        for (int partitions : new int[] {1, 3, 7}) {
            JavaRDD<RowBlock> blocks = RowBlock.of(spark, data, partitions).cache();
            TrainingResult there;
            TrainingResult again;
            try (RunContext c = new RunContext(4, Path.of(""), ProgressListener.NONE, 2)) {
                there = trainer.train(m, theta0, data, SparkDiffusion.gradients(blocks, m), c);
                again = trainer.train(m, theta0, data, SparkDiffusion.gradients(blocks, m), c);
            }
            blocks.unpersist();
            SameTraining.assertFollows(here, there, again, 1, partitions + " partitions");
        }
    }
}
