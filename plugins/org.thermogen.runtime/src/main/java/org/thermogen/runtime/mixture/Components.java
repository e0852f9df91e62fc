package org.thermogen.runtime.mixture;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.decomposition.TriangularSolver_DDRM;
import org.ejml.dense.row.decomposition.chol.CholeskyDecompositionInner_DDRM;

/**
 * The parameters of a Gaussian mixture with what evaluating it needs: the Cholesky factor
 * {@code L} of each covariance, its inverse (so that {@code |L^-1 (x - mu)|^2} is the
 * Mahalanobis distance, one triangular product per point) and {@code ln det Sigma / 2 =
 * sum ln L_ii}. Mutable: expectation-maximization rewrites the parameters and calls
 * {@link #refresh()}; {@link GaussianMixture} wraps one it never changes again. Evaluation
 * takes the caller's work arrays, so threads can share one instance.
 */
final class Components {
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    final CovarianceType type;
    final int k;
    final int d;
    final double[] weights;
    final double[] means;
    final double[] covariances;
    /** {@code ln pi_k - sum ln L_ii - D/2 ln 2 pi}: the row-independent part of each log term. */
    final double[] offsets;
    /** Full and tied: lower factors, one (tied) or k blocks of d*d. Diag and spherical: standard deviations. */
    final double[] lower;
    /** Full and tied: inverses of the lower factors. Diag and spherical: inverse standard deviations. */
    final double[] lowerInverse;
    /** Full and tied: the transposes of {@link #lowerInverse} (upper triangular). */
    private final double[] upperInverse;
    private final DMatrixRMaj work;
    private final CholeskyDecompositionInner_DDRM cholesky = new CholeskyDecompositionInner_DDRM(true);

    Components(CovarianceType type, int k, int d) {
        this.type = type;
        this.k = k;
        this.d = d;
        this.weights = new double[k];
        this.means = new double[k * d];
        this.covariances = new double[type.size(k, d)];
        this.offsets = new double[k];
        int factors = switch (type) {
            case FULL -> k * d * d;
            case TIED -> d * d;
            case DIAG -> k * d;
            case SPHERICAL -> k;
        };
        this.lower = new double[factors];
        this.lowerInverse = new double[factors];
        this.upperInverse = type == CovarianceType.FULL || type == CovarianceType.TIED ? new double[factors] : null;
        this.work = new DMatrixRMaj(d, d);
    }

    /**
     * Recomputes the factors from {@link #weights}, {@link #means} and {@link #covariances}.
     *
     * @return the index of the first component whose covariance is not positive definite
     *         ({@code 0} for a tied one), or -1 if all are
     */
    int refresh() {
        switch (type) {
            case FULL, TIED -> {
                int blocks = type == CovarianceType.FULL ? k : 1;
                int dd = d * d;
                for (int c = 0; c < blocks; c++) {
                    System.arraycopy(covariances, c * dd, work.data, 0, dd);
                    if (!cholesky.decompose(work)) {
                        return c;
                    }
                    double h = 0;
                    for (int i = 0; i < d; i++) {
                        double lii = work.data[i * d + i];
                        if (!(lii > 0) || !Double.isFinite(lii)) {
                            return c;
                        }
                        h += Math.log(lii);
                        for (int j = i + 1; j < d; j++) {
                            work.data[i * d + j] = 0.0;
                        }
                    }
                    System.arraycopy(work.data, 0, lower, c * dd, dd);
                    TriangularSolver_DDRM.invertLower(work.data, d);
                    for (int i = 0; i < d; i++) {
                        for (int j = i + 1; j < d; j++) {
                            work.data[i * d + j] = 0.0;
                        }
                    }
                    System.arraycopy(work.data, 0, lowerInverse, c * dd, dd);
                    for (int i = 0; i < d; i++) {
                        for (int j = 0; j < d; j++) {
                            upperInverse[c * dd + j * d + i] = work.data[i * d + j];
                        }
                    }
                    if (blocks == k) {
                        offsets[c] = -h;
                    } else {
                        Arrays.fill(offsets, -h);
                    }
                }
            }
            case DIAG, SPHERICAL -> {
                int per = type == CovarianceType.DIAG ? d : 1;
                for (int c = 0; c < k; c++) {
                    double h = 0;
                    for (int i = 0; i < per; i++) {
                        double v = covariances[c * per + i];
                        if (!(v > 0) || !Double.isFinite(v)) {
                            return c;
                        }
                        double s = Math.sqrt(v);
                        lower[c * per + i] = s;
                        lowerInverse[c * per + i] = 1 / s;
                        h += Math.log(s);
                    }
                    offsets[c] = -(per == 1 ? d * h : h);
                }
            }
        }
        for (int c = 0; c < k; c++) {
            offsets[c] += Math.log(weights[c]) - d * HALF_LOG_2PI;
        }
        return -1;
    }

    /**
     * Writes {@code ln pi_c + ln N(x; mu_c, Sigma_c)} for every component into {@code lp} and
     * returns {@code ln p(x)}, their log-sum-exp. {@code u} is a work array of {@code 2 d}.
     */
    double logJoint(double[] x, int offset, double[] u, double[] lp) {
        logTerms(x, offset, u, lp);
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            max = Math.max(max, lp[c]);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            sum += Math.exp(lp[c] - max);
        }
        return max + Math.log(sum);
    }

    /**
     * Writes the responsibilities {@code pi_c N(x; mu_c, Sigma_c) / p(x)} into {@code r} and
     * returns {@code ln p(x)}: one exponential per component, shared by the log-sum-exp and
     * the ratios. {@code u} is a work array of {@code 2 d}.
     */
    double posterior(double[] x, int offset, double[] u, double[] r) {
        logTerms(x, offset, u, r);
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            max = Math.max(max, r[c]);
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            double e = Math.exp(r[c] - max);
            r[c] = e;
            sum += e;
        }
        double inv = 1 / sum;
        for (int c = 0; c < k; c++) {
            r[c] *= inv;
        }
        return max + Math.log(sum);
    }

    /** {@code ln pi_c + ln N(x; mu_c, Sigma_c)} into {@code lp}. */
    private void logTerms(double[] x, int offset, double[] u, double[] lp) {
        switch (type) {
            case FULL, TIED -> {
                int dd = d * d;
                for (int c = 0; c < k; c++) {
                    int m = c * d;
                    for (int j = 0; j < d; j++) {
                        u[j] = x[offset + j] - means[m + j];
                        u[d + j] = 0.0;
                    }
                    // y = L^-1 u, column by column of L^-1 (the rows of its transpose): the
                    // inner loop has no dependency chain, so it pipelines.
                    int base = type == CovarianceType.FULL ? c * dd : 0;
                    for (int j = 0; j < d; j++) {
                        double uj = u[j];
                        int row = base + j * d;
                        for (int i = j; i < d; i++) {
                            u[d + i] += upperInverse[row + i] * uj;
                        }
                    }
                    double q = 0;
                    for (int i = d; i < 2 * d; i++) {
                        q += u[i] * u[i];
                    }
                    lp[c] = offsets[c] - 0.5 * q;
                }
            }
            case DIAG -> {
                for (int c = 0; c < k; c++) {
                    int m = c * d;
                    double q = 0;
                    for (int j = 0; j < d; j++) {
                        double s = (x[offset + j] - means[m + j]) * lowerInverse[m + j];
                        q += s * s;
                    }
                    lp[c] = offsets[c] - 0.5 * q;
                }
            }
            case SPHERICAL -> {
                for (int c = 0; c < k; c++) {
                    int m = c * d;
                    double q = 0;
                    for (int j = 0; j < d; j++) {
                        double s = x[offset + j] - means[m + j];
                        q += s * s;
                    }
                    double inv = lowerInverse[c];
                    lp[c] = offsets[c] - 0.5 * q * inv * inv;
                }
            }
        }
    }

    /** One draw from component {@code c} into {@code out} at {@code offset}; {@code z} is a work array of {@code d}. */
    void draw(int c, java.util.SplittableRandom random, double[] z, double[] out, int offset) {
        for (int j = 0; j < d; j++) {
            z[j] = random.nextGaussian();
        }
        int m = c * d;
        switch (type) {
            case FULL, TIED -> {
                int base = type == CovarianceType.FULL ? c * d * d : 0;
                for (int i = 0; i < d; i++) {
                    double v = means[m + i];
                    int row = base + i * d;
                    for (int j = 0; j <= i; j++) {
                        v += lower[row + j] * z[j];
                    }
                    out[offset + i] = v;
                }
            }
            case DIAG -> {
                for (int i = 0; i < d; i++) {
                    out[offset + i] = means[m + i] + lower[m + i] * z[i];
                }
            }
            case SPHERICAL -> {
                for (int i = 0; i < d; i++) {
                    out[offset + i] = means[m + i] + lower[c] * z[i];
                }
            }
        }
    }

    /** Component {@code c}'s covariance as a full {@code d x d} matrix. */
    DMatrixRMaj covariance(int c) {
        DMatrixRMaj s = new DMatrixRMaj(d, d);
        switch (type) {
            case FULL -> System.arraycopy(covariances, c * d * d, s.data, 0, d * d);
            case TIED -> System.arraycopy(covariances, 0, s.data, 0, d * d);
            case DIAG -> {
                for (int i = 0; i < d; i++) {
                    s.data[i * d + i] = covariances[c * d + i];
                }
            }
            case SPHERICAL -> {
                for (int i = 0; i < d; i++) {
                    s.data[i * d + i] = covariances[c];
                }
            }
        }
        return s;
    }

    void copyFrom(Components other) {
        System.arraycopy(other.weights, 0, weights, 0, k);
        System.arraycopy(other.means, 0, means, 0, means.length);
        System.arraycopy(other.covariances, 0, covariances, 0, covariances.length);
        Arrays.fill(offsets, 0.0);
    }
}
