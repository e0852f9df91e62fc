package org.thermogen.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.compute.Precision;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.nn.Activation;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.train.Adam;
import org.thermogen.runtime.train.Schedule;
import org.thermogen.runtime.train.TrainingResult;
import org.thermogen.runtime.vae.Likelihood;
import org.thermogen.runtime.vae.Vae;
import org.thermogen.runtime.vae.VaeSpec;
import org.thermogen.runtime.vae.VaeTraining;

/**
 * Data-parallel SGD for a VAE on Spark ({@code local[2]}) against training on one machine with
 * the same batches: two levels, a Bernoulli decoder, float64, 3 epochs of 230 rows in batches
 * of 32 (24 Adam steps); on 1, 3 and 7 partitions every epoch's ELBO and every parameter agree
 * to 1e-9 relative (only the order of each gradient's additions differs), and a second run on
 * the same partitioning has the same bits, also when a partition's first attempt fails in every
 * step and Spark runs it again.
 */
class SparkVaeTest {
    private static JavaSparkContext spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("local[2,4]", "SparkVaeTest");
    }

    @AfterAll
    static void stop() {
        spark.close();
    }

    private static Dataset data() {
        SplittableRandom r = new SplittableRandom(3);
        double[] v = new double[230 * 6];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble() < 0.3 + 0.1 * (i % 6) ? 1 : 0;
        }
        return new Dataset("D", 230, 6, v, null);
    }

    @Test
    void partitionsFollowTheStepsOfOneMachine() {
        VaeSpec spec = VaeSpec.builder(6).likelihood(Likelihood.BERNOULLI).hidden(9, Activation.RELU).latent(3).latent(2)
                .build();
        Vae vae = new Vae("V", spec, Precision.FLOAT64);
        VaeTraining trainer = VaeTraining.builder().epochs(3).batch(32)
                .optimizer(Adam.builder().lr(Schedule.constant(0.01)).build()).build();
        Dataset d = data();
        double[] theta0 = vae.initialParameters(new SplittableRandom(1));
        TrainingResult here;
        try (RunContext c = new RunContext(5, Path.of(""), ProgressListener.NONE, 2)) {
            here = trainer.train(vae, theta0, d, null, c);
        }
        for (int partitions : new int[] {1, 3, 7}) {
            JavaRDD<RowBlock> blocks = RowBlock.of(spark, d, partitions).cache();
            TrainingResult there;
            TrainingResult again;
            try (RunContext c = new RunContext(5, Path.of(""), ProgressListener.NONE, 2)) {
                there = trainer.train(vae, theta0, d, null, SparkVae.gradients(blocks, vae), c);
                again = trainer.train(vae, theta0, d, null, SparkVae.gradients(blocks, vae), c);
            }
            blocks.unpersist();
            SameTraining.assertFollows(here, there, again, 2, partitions + " partitions");
        }
    }

    @Test
    void aFailedTaskRunAgainChangesNoBit() {
        VaeSpec spec = VaeSpec.builder(6).likelihood(Likelihood.BERNOULLI).hidden(9, Activation.RELU).latent(3).build();
        Vae vae = new Vae("V", spec, Precision.FLOAT64);
        VaeTraining trainer = VaeTraining.builder().epochs(1).batch(32)
                .optimizer(Adam.builder().lr(Schedule.constant(0.01)).build()).build();
        Dataset d = data();
        double[] theta0 = vae.initialParameters(new SplittableRandom(1));
        JavaRDD<RowBlock> steady = RowBlock.of(spark, d, 3).cache();
        JavaRDD<RowBlock> failing = LocalSpark.failingOnce(spark, d, 3);
        TrainingResult once;
        TrainingResult retried;
        try (RunContext c = new RunContext(5, Path.of(""), ProgressListener.NONE, 2)) {
            once = trainer.train(vae, theta0, d, null, SparkVae.gradients(steady, vae), c);
            retried = trainer.train(vae, theta0, d, null, SparkVae.gradients(failing, vae), c);
        }
        steady.unpersist();
        assertEquals(java.util.Arrays.toString(once.theta()), java.util.Arrays.toString(retried.theta()));
    }
}
