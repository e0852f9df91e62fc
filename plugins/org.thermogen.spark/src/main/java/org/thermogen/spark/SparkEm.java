package org.thermogen.spark;

import java.io.Serializable;
import java.util.Iterator;
import org.apache.spark.api.java.JavaRDD;
import org.thermogen.runtime.mixture.CovarianceType;
import org.thermogen.runtime.mixture.EmStatistics;
import org.thermogen.runtime.mixture.ExpectationMaximization;
import org.thermogen.runtime.mixture.GaussianMixture;
import org.thermogen.runtime.mixture.MixtureFit;
import org.thermogen.runtime.run.RunContext;

/**
 * Expectation-maximization for Gaussian mixtures with the rows on a Spark cluster: each
 * iteration is two jobs over the cached blocks, the E-step sums and then the scatter about
 * the new means ({@link EmStatistics}), each partition's sums added up in a fixed tree
 * ({@link OrderedTree}) and the M-step taken on the driver. The iterates are those of
 * {@link ExpectationMaximization#fit(double[], int, GaussianMixture, RunContext)} on the same
 * rows up to the order of the additions (1e-10 relative whatever the partitioning), and the
 * same bits for the same partitioning on any cluster: no result depends on which task ends
 * first, and a task run again (a lost executor, a retried failure) sums the same rows.
 *
 * <p>Per iteration the driver sends the parameters ({@code k (d^2 + d + 1)} numbers) to every
 * task and receives at most {@value OrderedTree#FAN_IN} partial sums of the same size; the
 * rows never move.
 *
 * <pre>{@code
 * JavaRDD<Block> blocks = Block.of(rows, 2).cache();          // rows: JavaRDD<double[]>
 * MixtureFit fit = SparkEm.fit(blocks, 2, ExpectationMaximization.builder().tolerance(1e-6).build(),
 *         start, context);                                    // start: a GaussianMixture
 * }</pre>
 */
public final class SparkEm {
    private SparkEm() {
    }

    /**
     * Fits the rows of {@code blocks} ({@code d} columns) from {@code initial} with the
     * settings of {@code em} (iterations, tolerance, {@code reg_covar}; its start and restarts
     * are the caller's: {@code initial} is used as it is).
     */
    public static MixtureFit fit(JavaRDD<Block> blocks, int d, ExpectationMaximization em, GaussianMixture initial,
            RunContext context) {
        if (initial.dimension() != d) {
            throw new IllegalArgumentException("the rows have " + d + " columns, the mixture " + initial.dimension());
        }
        return em.fit(passes(blocks, initial.covarianceType(), initial.components(), d, em.regCovar()), initial,
                context);
    }

    /**
     * EM's passes over the rows of {@code blocks} for {@code k} components of {@code type} over
     * {@code d} columns, each a Spark job whose partial sums are added in a fixed tree: what
     * {@link ExpectationMaximization#train(org.thermogen.runtime.model.Model, double[],
     * org.thermogen.runtime.data.Dataset, ExpectationMaximization.Passes, RunContext)} takes.
     */
    public static ExpectationMaximization.Passes passes(JavaRDD<Block> blocks, CovarianceType type, int k, int d,
            double regCovar) {
        return new Passes(blocks, regCovar, type, k, d);
    }

    /** A mixture's parameters as plain arrays, sent to the tasks, and the mixture rebuilt from them there. */
    record Parameters(CovarianceType type, int d, double[] weights, double[] means, double[] covariances)
            implements Serializable {
        static Parameters of(GaussianMixture g) {
            return new Parameters(g.covarianceType(), g.dimension(), g.weights(), g.means(), g.covariances());
        }

        GaussianMixture mixture() {
            return GaussianMixture.of(type, d, weights, means, covariances);
        }
    }

    /** The passes of {@link ExpectationMaximization.Passes} as Spark jobs over the blocks. */
    private static final class Passes implements ExpectationMaximization.Passes {
        private final JavaRDD<Block> blocks;
        private final double reg;
        private final CovarianceType type;
        private final int k;
        private final int d;

        Passes(JavaRDD<Block> blocks, double reg, CovarianceType type, int k, int d) {
            this.blocks = blocks;
            this.reg = reg;
            this.type = type;
            this.k = k;
            this.d = d;
        }

        /** A block's contribution to a pass; sent to the tasks. */
        private interface Adder extends Serializable {
            void add(EmStatistics sums, Block block);
        }

        /** One pass over the rows: each partition's blocks added into its sums, the partitions' in the fixed tree. */
        private EmStatistics pass(Adder adder) {
            CovarianceType t = type;
            int kk = k;
            int dd = d;
            return OrderedTree.aggregate(blocks, (Iterator<Block> it) -> {
                EmStatistics sums = EmStatistics.zero(t, kk, dd);
                while (it.hasNext()) {
                    adder.add(sums, it.next());
                }
                return sums;
            }, EmStatistics::merge);
        }

        @Override
        public EmStatistics expectation(GaussianMixture at) {
            Parameters p = Parameters.of(at);
            double r = reg;
            return pass((sums, b) -> sums.addExpectation(b.values(), b.rows(), p.mixture(), r));
        }

        @Override
        public EmStatistics scatter(GaussianMixture at, double[] means) {
            Parameters p = Parameters.of(at);
            double r = reg;
            return pass((sums, b) -> sums.addScatter(b.values(), b.rows(), p.mixture(), means, r));
        }

        @Override
        public EmStatistics rows() {
            return pass((sums, b) -> sums.addRows(b.values(), b.rows()));
        }

        @Override
        public EmStatistics dataScatter(double[] mean) {
            return pass((sums, b) -> sums.addDataScatter(b.values(), b.rows(), mean));
        }
    }
}
