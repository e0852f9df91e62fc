package org.thermogen.runtime.mixture;

import java.io.Serializable;
import java.util.Arrays;

/**
 * EM's sums over a block of rows, for expectation-maximization whose rows are spread over
 * machines (Spark partitions): each block adds its sums, blocks are merged in any grouping,
 * and the M-step on the totals is the one {@link ExpectationMaximization} takes, with the
 * same formulas (only the order of the additions differs, so the iterates agree to rounding).
 *
 * <p>One iteration at parameters {@code g} is two passes over the rows, each a sum:
 * <ol>
 * <li>{@link #addExpectation}: the rows, {@code sum_i ln p(x_i)}, {@code n_k = sum_i r_ik} and
 *     {@code sum_i r_ik x_i}, the responsibilities {@code r} at {@code g};</li>
 * <li>{@link #addScatter}: {@code sum_i r_ik (x_i - mu_k)(x_i - mu_k)'} about the new means
 *     {@link #nextMeans()} of the first pass's totals, the responsibilities again at {@code g}
 *     (computed again rather than kept, so that a block that is lost and read again gives
 *     the same sums);</li>
 * </ol>
 * then {@link #maximize} on the driver. Tied covariances take the data's mean and scatter
 * instead of the second pass ({@link #addRows}, {@link #addDataScatter}), once per fit.
 *
 * <pre>{@code
 * EmStatistics moments = EmStatistics.zero(g).addExpectation(block1, n1, g, 1e-6)
 *         .merge(EmStatistics.zero(g).addExpectation(block2, n2, g, 1e-6));
 * double[] means = moments.nextMeans();
 * EmStatistics scatter = EmStatistics.zero(g).addScatter(block1, n1, g, means, 1e-6)
 *         .merge(EmStatistics.zero(g).addScatter(block2, n2, g, means, 1e-6));
 * GaussianMixture next = moments.maximize(scatter, 1e-6);    // one EM iteration over both blocks
 * }</pre>
 */
public final class EmStatistics implements Serializable {
    private static final long serialVersionUID = 1L;

    private final CovarianceType type;
    private final int k;
    private final int d;
    private long rows;
    private double logLikelihood;
    private final double[] counts;
    private final double[] sums;
    /** The second pass: lower triangles (full), diagonals (diag, spherical), the data's scatter (tied). */
    private final double[] scatter;

    private EmStatistics(CovarianceType type, int k, int d) {
        this.type = type;
        this.k = k;
        this.d = d;
        this.counts = new double[k];
        this.sums = new double[type == CovarianceType.TIED ? Math.max(k * d, d) : k * d];
        this.scatter = new double[switch (type) {
            case FULL -> k * (d * (d + 1) / 2);
            case DIAG, SPHERICAL -> k * d;
            case TIED -> d * d;
        }];
    }

    /** No rows yet, for a mixture of {@code g}'s shape. */
    public static EmStatistics zero(GaussianMixture g) {
        return new EmStatistics(g.covarianceType(), g.components(), g.dimension());
    }

    /** No rows yet, for {@code k} components of {@code type} over {@code d} columns. */
    public static EmStatistics zero(CovarianceType type, int k, int d) {
        return new EmStatistics(type, k, d);
    }

    /** Adds the E-step sums of {@code n} rows (row-major, {@code d} columns) at the parameters {@code at}. */
    public EmStatistics addExpectation(double[] block, int n, GaussianMixture at, double regCovar) {
        if (n == 0) {
            return this;
        }
        EmRun run = run(block, n, at, regCovar);
        rows += n;
        logLikelihood += run.logLikelihoodSum();
        add(run.componentCounts(), counts);
        add(run.weightedSums(), sums);
        return this;
    }

    /**
     * Adds the scatter of {@code n} rows about {@code means}, each weighted by its
     * responsibilities at {@code at}. Not for tied covariances (see {@link #addDataScatter}).
     */
    public EmStatistics addScatter(double[] block, int n, GaussianMixture at, double[] means, double regCovar) {
        if (type == CovarianceType.TIED) {
            throw new IllegalArgumentException("a tied covariance pools the data's scatter: use addDataScatter");
        }
        if (n == 0) {
            return this;
        }
        EmRun run = run(block, n, at, regCovar);
        rows += n;
        add(run.scatterAbout(means), scatter);
        return this;
    }

    /** Tied covariances, once per fit: adds the rows' count and column sums (for the data's mean). */
    public EmStatistics addRows(double[] block, int n) {
        rows += n;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                sums[j] += block[i * d + j];
            }
        }
        return this;
    }

    /** Tied covariances, once per fit: adds the rows' scatter about the data's mean {@code mean}. */
    public EmStatistics addDataScatter(double[] block, int n, double[] mean) {
        rows += n;
        double[] u = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                u[j] = block[i * d + j] - mean[j];
            }
            for (int a = 0; a < d; a++) {
                for (int b = a; b < d; b++) {
                    scatter[a * d + b] += u[a] * u[b];
                }
            }
        }
        return this;
    }

    /** Adds another block's sums of the same pass into these; returns this. */
    public EmStatistics merge(EmStatistics other) {
        if (other.type != type || other.k != k || other.d != d) {
            throw new IllegalArgumentException("EM sums of different mixtures cannot be added");
        }
        rows += other.rows;
        logLikelihood += other.logLikelihood;
        add(other.counts, counts);
        add(other.sums, sums);
        add(other.scatter, scatter);
        return this;
    }

    /** Rows summed. */
    public long rows() {
        return rows;
    }

    /** The mean log-likelihood of the rows at the parameters of the E-step pass. */
    public double meanLogLikelihood() {
        return logLikelihood / rows;
    }

    /** The data's mean, from {@link #addRows} sums. */
    public double[] dataMean() {
        double[] m = new double[d];
        for (int j = 0; j < d; j++) {
            m[j] = sums[j] / rows;
        }
        return m;
    }

    /** The M-step's means from the E-step pass's totals, {@code sum_i r_ik x_i / n_k}, {@code k x d}. */
    public double[] nextMeans() {
        double[] m = new double[k * d];
        for (int c = 0; c < k; c++) {
            double nk = counts[c] + 10 * Math.ulp(1.0);
            for (int j = 0; j < d; j++) {
                m[c * d + j] = sums[c * d + j] / nk;
            }
        }
        return m;
    }

    /**
     * The M-step from these E-step totals and the second pass's ({@link #addScatter}; for tied
     * covariances the data's, {@link #addDataScatter}, with {@code data} the {@link #addRows} totals).
     *
     * @throws IllegalArgumentException when a covariance is not positive definite, as
     *                                  {@link ExpectationMaximization} says it
     */
    public GaussianMixture maximize(EmStatistics second, double regCovar) {
        return maximize(second, null, regCovar);
    }

    /** {@link #maximize(EmStatistics, double)} for tied covariances: {@code data} holds the {@link #addRows} sums. */
    public GaussianMixture maximize(EmStatistics second, EmStatistics data, double regCovar) {
        EmRun run = new EmRun(new double[0], 0, d, k, type, regCovar, null);
        double[] full = null;
        double[] mean = null;
        if (type == CovarianceType.TIED) {
            if (data == null) {
                throw new IllegalArgumentException("a tied covariance needs the data's mean: pass the addRows sums");
            }
            mean = data.dataMean();
            full = new double[d * d];
            for (int a = 0; a < d; a++) {
                for (int b = a; b < d; b++) {
                    full[a * d + b] = second.scatter[a * d + b];
                    full[b * d + a] = second.scatter[a * d + b];
                }
            }
        }
        run.maximizeFrom(counts, Arrays.copyOf(sums, k * d), type == CovarianceType.TIED ? null : second.scatter, mean,
                full);
        return GaussianMixture.wrap(run.p);
    }

    private EmRun run(double[] block, int n, GaussianMixture at, double regCovar) {
        if (at.covarianceType() != type || at.components() != k || at.dimension() != d) {
            throw new IllegalArgumentException("the parameters are not of this mixture's shape");
        }
        if (block.length < n * d) {
            throw new IllegalArgumentException(n + " rows of " + d + " columns need " + n * d + " values, not "
                    + block.length);
        }
        EmRun run = new EmRun(block, n, d, k, type, regCovar, null);
        run.start(at);
        run.expectationStep();
        return run;
    }

    private static void add(double[] from, double[] to) {
        for (int i = 0; i < from.length; i++) {
            to[i] += from[i];
        }
    }
}
