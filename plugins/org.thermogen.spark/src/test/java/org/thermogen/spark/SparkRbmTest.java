package org.thermogen.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.compute.Precision;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.rbm.CdTrainer;
import org.thermogen.runtime.rbm.ContrastiveDivergence;
import org.thermogen.runtime.rbm.PersistentContrastiveDivergence;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.testmodels.BipartiteMachine;
import org.thermogen.runtime.train.Schedule;
import org.thermogen.runtime.train.Sgd;
import org.thermogen.runtime.train.TrainingResult;

/**
 * Data-parallel SGD for restricted Boltzmann machines on Spark ({@code local[2]}) against
 * training on one machine with the same batches: 6 visible and 4 hidden units, binary and
 * real (Gaussian) visibles, {@code cd(k 2)} and {@code pcd(chains 7)} in float64, 4 epochs of
 * 230 rows in batches of 32 (32 momentum steps); on 1, 3 and 7 partitions every epoch's
 * pseudo-likelihood or reconstruction error and every parameter agree to 1e-9 relative (only
 * the order of each batch's sums differs), and a second run on the same partitioning has the
 * same bits, also when a partition's first attempt fails in every step and Spark runs it again.
 * In float32 the sums of a partition are rounded where one machine's are not, so the runs part
 * after a few steps (a unit drawn on one side of a mean and not the other) but train as well:
 * the pseudo-likelihood within 0.02 of one machine's.
 */
class SparkRbmTest {
    private static JavaSparkContext spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("local[2,4]", "SparkRbmTest");
    }

    @AfterAll
    static void stop() {
        spark.close();
    }

    private static Dataset data(Domain visible) {
        SplittableRandom r = new SplittableRandom(3);
        double[] v = new double[230 * 6];
        for (int i = 0; i < v.length; i++) {
            v[i] = visible == Domain.REAL ? r.nextGaussian() + 0.3 * (i % 6) : r.nextDouble() < 0.2 + 0.1 * (i % 6) ? 1 : 0;
        }
        return new Dataset("D", 230, 6, v, null);
    }

    private static List<CdTrainer> trainers(Precision precision) {
        Sgd sgd = Sgd.builder().lr(Schedule.constant(0.05)).momentum(Schedule.constant(0.5)).build();
        return List.of(ContrastiveDivergence.builder().k(2).optimizer(sgd).epochs(4).batch(32).precision(precision)
                        .build(),
                PersistentContrastiveDivergence.builder().chains(7).optimizer(sgd).epochs(4).batch(32)
                        .precision(precision).build());
    }

    private static TrainingResult here(CdTrainer trainer, BipartiteMachine model, double[] theta0, Dataset d) {
        try (RunContext c = new RunContext(5, Path.of(""), ProgressListener.NONE, 2)) {
            return trainer.train(model, theta0, d, c);
        }
    }

    private static TrainingResult there(CdTrainer trainer, BipartiteMachine model, double[] theta0, Dataset d,
            JavaRDD<RowBlock> blocks, Domain visible) {
        try (RunContext c = new RunContext(5, Path.of(""), ProgressListener.NONE, 2)) {
            return trainer.train(model, theta0, d, SparkRbm.gradients(blocks, trainer, 6, 4, visible, Domain.BINARY), c);
        }
    }

    @Test
    void partitionsFollowTheStepsOfOneMachine() {
        for (Domain visible : new Domain[] {Domain.BINARY, Domain.REAL}) {
            BipartiteMachine model = new BipartiteMachine(6, 4, visible, Domain.BINARY);
            Dataset d = data(visible);
            double[] theta0 = model.spec().initialParameters(new SplittableRandom(1));
            for (CdTrainer trainer : trainers(Precision.FLOAT64)) {
                TrainingResult here = here(trainer, model, theta0, d);
                for (int partitions : new int[] {1, 3, 7}) {
                    JavaRDD<RowBlock> blocks = RowBlock.of(spark, d, partitions).cache();
                    TrainingResult there = there(trainer, model, theta0, d, blocks, visible);
                    TrainingResult again = there(trainer, model, theta0, d, blocks, visible);
                    blocks.unpersist();
                    SameTraining.assertFollows(here, there, again, 1,
                            visible + " " + trainer.describe() + " on " + partitions + " partitions");
                }
            }
        }
    }

    @Test
    void float32PartitionsTrainAsWellAndRepeatTheirBits() {
        BipartiteMachine model = new BipartiteMachine(6, 4, Domain.BINARY, Domain.BINARY);
        Dataset d = data(Domain.BINARY);
        double[] theta0 = model.spec().initialParameters(new SplittableRandom(1));
        JavaRDD<RowBlock> blocks = RowBlock.of(spark, d, 3).cache();
        for (CdTrainer trainer : trainers(Precision.FLOAT32)) {
            TrainingResult here = here(trainer, model, theta0, d);
            TrainingResult there = there(trainer, model, theta0, d, blocks, Domain.BINARY);
            TrainingResult again = there(trainer, model, theta0, d, blocks, Domain.BINARY);
            assertArrayEquals(there.theta(), again.theta(), trainer.describe() + ": the same partitioning, the same bits");
            double a = here.summary().get("neg_log_pseudo_likelihood");
            double b = there.summary().get("neg_log_pseudo_likelihood");
            double start = here.history().rows().get(0)[1];
            assertTrue(a < start - 0.05, trainer.describe() + " trains: " + start + " -> " + a);
            assertEquals(a, b, 0.02, trainer.describe());
        }
        blocks.unpersist();
    }

    @Test
    void aFailedTaskRunAgainChangesNoBit() {
        BipartiteMachine model = new BipartiteMachine(6, 4, Domain.BINARY, Domain.BINARY);
        Dataset d = data(Domain.BINARY);
        double[] theta0 = model.spec().initialParameters(new SplittableRandom(1));
        CdTrainer trainer = trainers(Precision.FLOAT32).get(0);
        JavaRDD<RowBlock> steady = RowBlock.of(spark, d, 3).cache();
        JavaRDD<RowBlock> failing = LocalSpark.failingOnce(spark, d, 3);
        TrainingResult once = there(trainer, model, theta0, d, steady, Domain.BINARY);
        TrainingResult retried = there(trainer, model, theta0, d, failing, Domain.BINARY);
        steady.unpersist();
        assertEquals(java.util.Arrays.toString(once.theta()), java.util.Arrays.toString(retried.theta()));
    }
}
