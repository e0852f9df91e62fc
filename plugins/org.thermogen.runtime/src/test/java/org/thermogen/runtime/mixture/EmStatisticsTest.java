package org.thermogen.runtime.mixture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.run.RunContext;

/**
 * EM over rows split into blocks whose sums are added up ({@link EmStatistics}, as the
 * partitions of a Spark dataset are) follows the iterates of EM over all the rows at once:
 * for every covariance type and 1, 2 or 7 blocks of unequal sizes, each iteration's mean
 * log-likelihood and the final parameters agree to 1e-10 relative.
 */
class EmStatisticsTest {
    private static final int N = 3001;
    private static final int D = 3;

    /** Rows from three components; blocks cut at uneven places, one of them empty. */
    private static double[] rows() {
        GaussianMixture truth = GaussianMixture.of(CovarianceType.FULL, D, new double[] {0.2, 0.5, 0.3},
                new double[] {-3, 0, 1, 2, 1, -1, 0, 4, 2},
                new double[] {1, 0.3, 0, 0.3, 1, 0.2, 0, 0.2, 1, 0.5, 0, 0, 0, 2, 0.4, 0, 0.4, 1, 1, -0.3, 0, -0.3, 1,
                        0, 0, 0, 0.7});
        return truth.sample(N, new SplittableRandom(5));
    }

    /** Passes over {@code blocks} blocks, their sums merged in a tree as Spark's treeAggregate does. */
    private static ExpectationMaximization.Passes passes(double[] x, int blocks, double reg, GaussianMixture shape) {
        int[] cuts = new int[blocks + 1];
        SplittableRandom r = new SplittableRandom(blocks);
        for (int b = 1; b < blocks; b++) {
            cuts[b] = r.nextInt(N + 1);
        }
        cuts[blocks] = N;
        Arrays.sort(cuts);
        double[][] data = new double[blocks][];
        for (int b = 0; b < blocks; b++) {
            data[b] = Arrays.copyOfRange(x, cuts[b] * D, cuts[b + 1] * D);
        }
        return new ExpectationMaximization.Passes() {
            interface Sum {
                EmStatistics of(EmStatistics zero, double[] block, int n);
            }

            private EmStatistics tree(GaussianMixture shape, Sum sum, int from, int to) {
                if (to - from == 1) {
                    return sum.of(EmStatistics.zero(shape), data[from], data[from].length / D);
                }
                int mid = (from + to) / 2;
                return tree(shape, sum, from, mid).merge(tree(shape, sum, mid, to));
            }

            @Override
            public EmStatistics expectation(GaussianMixture at) {
                return tree(at, (z, b, n) -> z.addExpectation(b, n, at, reg), 0, blocks);
            }

            @Override
            public EmStatistics scatter(GaussianMixture at, double[] means) {
                return tree(at, (z, b, n) -> z.addScatter(b, n, at, means, reg), 0, blocks);
            }

            @Override
            public EmStatistics rows() {
                return tree(shape, (z, b, n) -> z.addRows(b, n), 0, blocks);
            }

            @Override
            public EmStatistics dataScatter(double[] mean) {
                return tree(shape, (z, b, n) -> z.addDataScatter(b, n, mean), 0, blocks);
            }
        };
    }

    @Test
    void blocksFollowTheIteratesOfOneMachine() {
        double[] x = rows();
        ExpectationMaximization em = ExpectationMaximization.builder().tolerance(1e-8).maxIterations(40).build();
        for (CovarianceType type : CovarianceType.values()) {
            GaussianMixture start;
            MixtureFit whole;
            // Start away from the optimum: the k-means start of another seed, two iterations in.
            try (RunContext context = RunContext.withSeed(11)) {
                start = ExpectationMaximization.builder().maxIterations(2).build().fit(x, N, D, 3, type, context).mixture();
                whole = em.fit(x, N, start, context);
            }
            assertTrue(whole.iterations() > 3, type + ": " + whole.iterations() + " iterations");
            for (int blocks : new int[] {1, 2, 7}) {
                ExpectationMaximization.Passes passes = passes(x, blocks, 1e-6, start);
                MixtureFit split;
                try (RunContext context = RunContext.withSeed(11)) {
                    split = em.fit(passes, start, context);
                }
                String what = type + ", " + blocks + " blocks";
                assertEquals(whole.iterations(), split.iterations(), what);
                assertEquals(whole.converged(), split.converged(), what);
                for (int i = 0; i <= whole.iterations(); i++) {
                    assertEquals(whole.logLikelihoods()[i], split.logLikelihoods()[i],
                            1e-10 * Math.abs(whole.logLikelihoods()[i]), what + ", iteration " + i);
                }
                close(whole.mixture().weights(), split.mixture().weights(), what + " weights");
                close(whole.mixture().means(), split.mixture().means(), what + " means");
                close(whole.mixture().covariances(), split.mixture().covariances(), what + " covariances");
            }
        }
    }

    private static void close(double[] a, double[] b, String what) {
        assertEquals(a.length, b.length, what);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-10 * Math.max(1, Math.abs(a[i])), what + "[" + i + "]");
        }
    }

    /**
     * As a trainer with {@code restarts 3}: the k-means starts of training on one machine, each
     * run over the blocks' sums, the best kept; the log-likelihood and the weights agree with
     * that training (1e-10) and the summary names the restarts.
     */
    @Test
    void restartsOverBlocksKeepTheStartOneMachineKeeps() {
        double[] x = rows();
        org.thermogen.runtime.data.Dataset data = new org.thermogen.runtime.data.Dataset("Rows.train", N, D, x, null);
        ExpectationMaximization em = ExpectationMaximization.builder().tolerance(1e-8).maxIterations(60).restarts(3)
                .build();
        org.thermogen.runtime.testmodels.MixtureModel model = new org.thermogen.runtime.testmodels.MixtureModel(3, D,
                CovarianceType.FULL, null, java.util.List.of(), java.util.List.of());
        double[] theta0 = model.spec().initialParameters(new SplittableRandom(1));
        org.thermogen.runtime.train.TrainingResult here;
        org.thermogen.runtime.train.TrainingResult split;
        try (RunContext context = RunContext.withSeed(4)) {
            here = em.train(model, theta0, data, context);
        }
        GaussianMixture shape = GaussianMixture.of(CovarianceType.FULL, D, new double[] {0.2, 0.5, 0.3},
                new double[9], new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0,
                        1});
        try (RunContext context = RunContext.withSeed(4)) {
            split = em.train(model, theta0, data, passes(x, 7, em.regCovar(), shape), context);
        }
        assertEquals(3.0, split.summary().get("restarts"));
        // Starts that reach the same optimum with the components in another order tie to rounding,
        // so which of them is kept may differ: the fit is compared up to the order of components.
        double ll = here.summary().get("log_likelihood");
        assertEquals(ll, split.summary().get("log_likelihood"), 1e-10 * Math.abs(ll));
        double[] a = java.util.Arrays.copyOf(here.theta(), 3);
        double[] b = java.util.Arrays.copyOf(split.theta(), 3);
        java.util.Arrays.sort(a);
        java.util.Arrays.sort(b);
        close(a, b, "restarts 3, 7 blocks: the weights");
    }
}
