package org.thermogen.runtime.mixture;

import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.ejml.data.DMatrixRMaj;
import org.thermogen.runtime.run.Parallel;

/**
 * A Gaussian mixture {@code p(x) = sum_k pi_k N(x; mu_k, Sigma_k)} (notes 03, "mixture
 * models"): log-densities, responsibilities, sampling and the information criteria, all
 * numerically stable (log-sum-exp over components, Mahalanobis distances and
 * log-determinants from Cholesky factors). Immutable and thread-safe; fitted by
 * {@link ExpectationMaximization}.
 *
 * <p>Arrays follow scikit-learn's layout: {@code weights[K]}, {@code means[K*D]} row by row,
 * covariances as {@link CovarianceType#shape} says. Data are {@code n} rows of {@code D}
 * values, row-major. Bulk methods split the rows into fixed pieces of 4096 and run them on
 * the given pool (null: the calling thread); their results do not depend on the pool.
 *
 * <pre>{@code
 * GaussianMixture g = GaussianMixture.of(CovarianceType.DIAG, 2,
 *         new double[] {0.3, 0.7},                // weights
 *         new double[] {0, 0, 5, 5},              // means, one row per component
 *         new double[] {1, 1, 0.5, 2});           // variances, one row per component
 * double[] x = g.sample(1000, new SplittableRandom(7));
 * double ll = g.meanLogLikelihood(x, 1000, null);
 * double[] r = g.responsibilities(x, 1000, null); // 1000 x 2
 * }</pre>
 */
public final class GaussianMixture {
    private final Components c;

    private GaussianMixture(Components c) {
        this.c = c;
    }

    /**
     * A mixture from its parameters, copied.
     *
     * @param type        how covariances are shaped
     * @param dimension   {@code D}
     * @param weights     {@code K} non-negative weights summing to 1 (within 1e-6)
     * @param means       {@code K*D} values
     * @param covariances {@code type.size(K, D)} values, each covariance positive definite
     * @throws IllegalArgumentException if sizes disagree, the weights are not a distribution or
     *                                  a covariance is not positive definite
     */
    public static GaussianMixture of(CovarianceType type, int dimension, double[] weights, double[] means,
            double[] covariances) {
        if (type == null) {
            throw new IllegalArgumentException("a mixture needs a covariance type: full, tied, diag or spherical");
        }
        if (dimension < 1 || weights.length < 1) {
            throw new IllegalArgumentException("a mixture needs at least one component and one dimension, not "
                    + weights.length + " and " + dimension);
        }
        int k = weights.length;
        if (means.length != k * dimension) {
            throw new IllegalArgumentException(k + " components of dimension " + dimension + " need " + k * dimension
                    + " mean values, not " + means.length);
        }
        if (covariances.length != type.size(k, dimension)) {
            throw new IllegalArgumentException(type.keyword() + " covariances of " + k + " components of dimension "
                    + dimension + " need " + type.size(k, dimension) + " values " + type.shape(k, dimension) + ", not "
                    + covariances.length);
        }
        checkWeights(weights);
        for (double m : means) {
            if (!Double.isFinite(m)) {
                throw new IllegalArgumentException("the means must be finite, not " + m);
            }
        }
        Components c = new Components(type, k, dimension);
        System.arraycopy(weights, 0, c.weights, 0, k);
        System.arraycopy(means, 0, c.means, 0, means.length);
        System.arraycopy(covariances, 0, c.covariances, 0, covariances.length);
        if (type == CovarianceType.FULL || type == CovarianceType.TIED) {
            checkSymmetric(c, type);
        }
        int bad = c.refresh();
        if (bad >= 0) {
            throw new IllegalArgumentException((type == CovarianceType.TIED ? "the tied covariance"
                    : "the covariance of component " + bad) + " is not positive definite");
        }
        return new GaussianMixture(c);
    }

    /** The mixture whose parameters sit in {@code theta} where {@code form} says. */
    public static GaussianMixture fromTheta(MixtureForm form, double[] theta) {
        int k = form.components();
        int d = form.dimension();
        double[] w = new double[k];
        double[] m = new double[k * d];
        double[] s = new double[form.covariance().size(k, d)];
        System.arraycopy(theta, form.weightsOffset(), w, 0, w.length);
        System.arraycopy(theta, form.meansOffset(), m, 0, m.length);
        System.arraycopy(theta, form.covariancesOffset(), s, 0, s.length);
        return of(form.covariance(), d, w, m, s);
    }

    /** Writes this mixture's parameters into {@code theta} where {@code form} says. */
    public void writeTheta(MixtureForm form, double[] theta) {
        if (form.components() != c.k || form.dimension() != c.d || form.covariance() != c.type) {
            throw new IllegalArgumentException("a mixture of " + c.k + " " + c.type.keyword() + " components in " + c.d
                    + " dimensions does not fit a form of " + form.components() + " " + form.covariance().keyword()
                    + " components in " + form.dimension());
        }
        System.arraycopy(c.weights, 0, theta, form.weightsOffset(), c.k);
        System.arraycopy(c.means, 0, theta, form.meansOffset(), c.means.length);
        System.arraycopy(c.covariances, 0, theta, form.covariancesOffset(), c.covariances.length);
    }

    static GaussianMixture wrap(Components fitted) {
        Components copy = new Components(fitted.type, fitted.k, fitted.d);
        copy.copyFrom(fitted);
        copy.refresh();
        return new GaussianMixture(copy);
    }

    Components parameters() {
        return c;
    }

    public CovarianceType covarianceType() {
        return c.type;
    }

    /** {@code K}. */
    public int components() {
        return c.k;
    }

    /** {@code D}. */
    public int dimension() {
        return c.d;
    }

    /** The weights {@code pi[K]}, a copy. */
    public double[] weights() {
        return c.weights.clone();
    }

    /** The means {@code mu[K*D]}, row by row, a copy. */
    public double[] means() {
        return c.means.clone();
    }

    /** The covariance values in the layout of {@link CovarianceType#shape}, a copy. */
    public double[] covariances() {
        return c.covariances.clone();
    }

    /** Component {@code k}'s covariance as a {@code D x D} matrix, whatever the type. */
    public DMatrixRMaj covariance(int k) {
        return c.covariance(k);
    }

    /** {@code ln p(x)} for the {@code D} values of {@code x} from {@code offset}. */
    public double logDensity(double[] x, int offset) {
        return c.logJoint(x, offset, new double[2 * c.d], new double[c.k]);
    }

    /** {@code ln p(x_i)} for each of {@code n} rows. */
    public double[] logDensities(double[] rows, int n, ForkJoinPool pool) {
        checkRows(rows, n);
        double[] out = new double[n];
        Parallel.forEach(pool, Chunks.count(n), chunk -> {
            double[] u = new double[2 * c.d];
            double[] lp = new double[c.k];
            for (int i = Chunks.start(chunk); i < Chunks.end(chunk, n); i++) {
                out[i] = c.logJoint(rows, i * c.d, u, lp);
            }
        });
        return out;
    }

    /** Mean log-likelihood per row, nats: scikit-learn's {@code score}. */
    public double meanLogLikelihood(double[] rows, int n, ForkJoinPool pool) {
        if (n < 1) {
            throw new IllegalArgumentException("the mean log-likelihood needs at least one row");
        }
        double[] ll = logDensities(rows, n, pool);
        double[] partial = new double[Chunks.count(n)];
        for (int chunk = 0; chunk < partial.length; chunk++) {
            for (int i = Chunks.start(chunk); i < Chunks.end(chunk, n); i++) {
                partial[chunk] += ll[i];
            }
        }
        double total = 0;
        for (double p : partial) {
            total += p;
        }
        return total / n;
    }

    /**
     * {@link #meanLogLikelihood(double[], int, ForkJoinPool)} of rows kept elsewhere (a
     * cluster's partitions): each block's log densities are summed where the block is, and the
     * sums added in the blocks' order, so only this mixture's parameters travel.
     */
    public double meanLogLikelihood(org.thermogen.runtime.data.DistributedRows rows) {
        if (rows.rows() < 1) {
            throw new IllegalArgumentException("the mean log-likelihood needs at least one row");
        }
        CovarianceType t = covarianceType();
        int d = dimension();
        double[] w = weights();
        double[] m = means();
        double[] c = covariances();
        double[] sum = rows.sum((values, n, columns, first) -> {
            double s = 0;
            for (double v : GaussianMixture.of(t, d, w, m, c).logDensities(values, n, null)) {
                s += v;
            }
            return new double[] {s};
        });
        return sum[0] / rows.rows();
    }

    /**
     * The posterior probability of each component given each row,
     * {@code r_ik = pi_k N(x_i; mu_k, Sigma_k) / p(x_i)}: {@code n x K}, row-major, every row
     * summing to 1.
     */
    public double[] responsibilities(double[] rows, int n, ForkJoinPool pool) {
        checkRows(rows, n);
        double[] out = new double[n * c.k];
        Parallel.forEach(pool, Chunks.count(n), chunk -> {
            double[] u = new double[2 * c.d];
            double[] lp = new double[c.k];
            for (int i = Chunks.start(chunk); i < Chunks.end(chunk, n); i++) {
                c.posterior(rows, i * c.d, u, lp);
                System.arraycopy(lp, 0, out, i * c.k, c.k);
            }
        });
        return out;
    }

    /** {@code n} independent draws, row-major: a component from the weights, then a point from it. */
    public double[] sample(int n, SplittableRandom random) {
        return sample(n, random, null);
    }

    /**
     * {@code n} independent draws, row-major; the component each came from goes into
     * {@code labels} unless it is null.
     */
    public double[] sample(int n, SplittableRandom random, int[] labels) {
        if (n < 0) {
            throw new IllegalArgumentException("cannot draw " + n + " samples");
        }
        if (labels != null && labels.length < n) {
            throw new IllegalArgumentException("labels has room for " + labels.length + " of " + n + " samples");
        }
        double[] out = new double[n * c.d];
        double[] z = new double[c.d];
        for (int s = 0; s < n; s++) {
            double u = random.nextDouble();
            int k = 0;
            double cum = c.weights[0];
            while (u >= cum && k < c.k - 1) {
                k++;
                cum += c.weights[k];
            }
            // Rounding may leave the cumulative sum just under 1: the last component with
            // positive weight takes the remainder, never a component of weight zero.
            while (c.weights[k] == 0 && k > 0) {
                k--;
            }
            c.draw(k, random, z, out, s * c.d);
            if (labels != null) {
                labels[s] = k;
            }
        }
        return out;
    }

    /** Free parameters, as scikit-learn counts them ({@link CovarianceType#parameterCount}). */
    public long parameterCount() {
        return c.type.parameterCount(c.k, c.d);
    }

    /** Bayesian information criterion {@code -2 ln L + p ln n} on the rows (lower is better). */
    public double bic(double[] rows, int n, ForkJoinPool pool) {
        return -2 * meanLogLikelihood(rows, n, pool) * n + parameterCount() * Math.log(n);
    }

    /** Akaike information criterion {@code -2 ln L + 2 p} on the rows (lower is better). */
    public double aic(double[] rows, int n, ForkJoinPool pool) {
        return -2 * meanLogLikelihood(rows, n, pool) * n + 2.0 * parameterCount();
    }

    private void checkRows(double[] rows, int n) {
        if (n < 0 || (long) n * c.d > rows.length) {
            throw new IllegalArgumentException(n + " rows of " + c.d + " values need " + (long) n * c.d
                    + " values, the array has " + rows.length);
        }
    }

    static void checkWeights(double[] weights) {
        double sum = 0;
        for (double w : weights) {
            if (!(w >= 0) || !Double.isFinite(w)) {
                throw new IllegalArgumentException("mixture weights must be non-negative and finite, not " + w);
            }
            sum += w;
        }
        if (Math.abs(sum - 1) > 1e-6) {
            throw new IllegalArgumentException("mixture weights must sum to 1, not " + sum);
        }
    }

    private static void checkSymmetric(Components c, CovarianceType type) {
        int d = c.d;
        int blocks = type == CovarianceType.FULL ? c.k : 1;
        for (int b = 0; b < blocks; b++) {
            int o = b * d * d;
            for (int i = 0; i < d; i++) {
                for (int j = i + 1; j < d; j++) {
                    double a = c.covariances[o + i * d + j];
                    double t = c.covariances[o + j * d + i];
                    if (Math.abs(a - t) > 1e-10 * Math.max(1, Math.max(Math.abs(a), Math.abs(t)))) {
                        throw new IllegalArgumentException("covariance " + (type == CovarianceType.TIED ? "" : b + " ")
                                + "is not symmetric: [" + i + "," + j + "] = " + a + " but [" + j + "," + i + "] = " + t);
                    }
                }
            }
        }
    }
}
