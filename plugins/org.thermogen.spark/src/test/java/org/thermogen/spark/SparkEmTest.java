package org.thermogen.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.mixture.CovarianceType;
import org.thermogen.runtime.mixture.ExpectationMaximization;
import org.thermogen.runtime.mixture.GaussianMixture;
import org.thermogen.runtime.mixture.MixtureFit;
import org.thermogen.runtime.run.RunContext;

/**
 * EM with the rows on Spark ({@code local[2]}, tasks retried up to 4 times) against EM on one
 * machine from the same start: the same iterates to 1e-10 relative on 1, 2 and 7 partitions
 * for every covariance type; the same bits for the same partitioning when a task fails and is
 * run again.
 */
class SparkEmTest {
    private static final int N = 3001;
    private static final int D = 3;
    private static JavaSparkContext spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("local[2,4]", "SparkEmTest");
    }

    @AfterAll
    static void stop() {
        spark.close();
    }

    private static double[] rows() {
        GaussianMixture truth = GaussianMixture.of(CovarianceType.FULL, D, new double[] {0.2, 0.5, 0.3},
                new double[] {-3, 0, 1, 2, 1, -1, 0, 4, 2},
                new double[] {1, 0.3, 0, 0.3, 1, 0.2, 0, 0.2, 1, 0.5, 0, 0, 0, 2, 0.4, 0, 0.4, 1, 1, -0.3, 0, -0.3, 1,
                        0, 0, 0, 0.7});
        return truth.sample(N, new SplittableRandom(5));
    }

    private static JavaRDD<double[]> distributed(double[] x, int partitions) {
        List<double[]> list = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            list.add(java.util.Arrays.copyOfRange(x, i * D, (i + 1) * D));
        }
        return spark.parallelize(list, partitions);
    }

    @Test
    void partitionsFollowTheIteratesOfOneMachine() {
        double[] x = rows();
        ExpectationMaximization em = ExpectationMaximization.builder().tolerance(1e-8).maxIterations(40).build();
        for (CovarianceType type : CovarianceType.values()) {
            GaussianMixture start;
            MixtureFit whole;
            try (RunContext context = RunContext.withSeed(11)) {
                start = ExpectationMaximization.builder().maxIterations(2).build().fit(x, N, D, 3, type, context)
                        .mixture();
                whole = em.fit(x, N, start, context);
            }
            assertTrue(whole.iterations() > 3, type + ": " + whole.iterations() + " iterations");
            for (int partitions : new int[] {1, 2, 7}) {
                JavaRDD<Block> blocks = Block.of(distributed(x, partitions), D).cache();
                MixtureFit split;
                try (RunContext context = RunContext.withSeed(11)) {
                    split = SparkEm.fit(blocks, D, em, start, context);
                }
                blocks.unpersist();
                String what = type + ", " + partitions + " partitions";
                assertEquals(whole.iterations(), split.iterations(), what);
                for (int i = 0; i <= whole.iterations(); i++) {
                    assertEquals(whole.logLikelihoods()[i], split.logLikelihoods()[i],
                            1e-10 * Math.abs(whole.logLikelihoods()[i]), what + ", iteration " + i);
                }
                close(whole.mixture().means(), split.mixture().means(), what + " means");
                close(whole.mixture().covariances(), split.mixture().covariances(), what + " covariances");
                close(whole.mixture().weights(), split.mixture().weights(), what + " weights");
            }
        }
    }

    /**
     * Partition 3 of 7 fails on the first attempt of every task that reads it (in every job:
     * the blocks are not cached); Spark runs it again and the fit has the bits of one where
     * nothing failed.
     */
    @Test
    void aFailedTaskRunAgainChangesNoBit() {
        double[] x = rows();
        ExpectationMaximization em = ExpectationMaximization.builder().tolerance(1e-8).maxIterations(10).build();
        GaussianMixture start;
        try (RunContext context = RunContext.withSeed(11)) {
            start = ExpectationMaximization.builder().maxIterations(2).build().fit(x, N, D, 3, CovarianceType.FULL,
                    context).mixture();
        }
        JavaRDD<Block> steady = Block.of(distributed(x, 7), D).cache();
        JavaRDD<Block> failing = Block.of(distributed(x, 7), D).mapPartitionsWithIndex((index, it) -> {
            if (index == 3 && TaskContext.get().attemptNumber() == 0) {
                throw new IllegalStateException("an executor lost mid-job (test)");
            }
            return it;
        }, true);
        MixtureFit once;
        MixtureFit retried;
        try (RunContext context = RunContext.withSeed(11)) {
            once = SparkEm.fit(steady, D, em, start, context);
            retried = SparkEm.fit(failing, D, em, start, context);
        }
        assertArrayEquals(once.logLikelihoods(), retried.logLikelihoods(), 0.0);
        assertArrayEquals(once.mixture().means(), retried.mixture().means(), 0.0);
        assertArrayEquals(once.mixture().covariances(), retried.mixture().covariances(), 0.0);
        steady.unpersist();
    }

    private static void close(double[] a, double[] b, String what) {
        assertEquals(a.length, b.length, what);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-10 * Math.max(1, Math.abs(a[i])), what + "[" + i + "]");
        }
    }
}
