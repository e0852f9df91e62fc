package org.thermogen.runtime.gaussian;

import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.decomposition.chol.CholeskyDecompositionInner_DDRM;
import org.thermogen.runtime.run.Parallel;

/**
 * A multivariate normal distribution {@code N(mean, covariance)}: density, sampling, entropy
 * and the closed-form KL divergence between two of them (notes 01, sections 2.2-2.4).
 * Immutable.
 *
 * <pre>{@code
 * Gaussian p = new Gaussian(new double[] {0, 0}, CommonOps_DDRM.identity(2));
 * double kl = Gaussian.kl(p, q);
 * }</pre>
 */
public final class Gaussian {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final int d;
    private final double[] mean;
    private final DMatrixRMaj covariance;
    private final DMatrixRMaj lower;
    private final DMatrixRMaj precision;
    /** The precision's entries row-major, read directly in the density's inner loop. */
    private final double[] precisionData;
    private final double logDet;

    /**
     * @throws IllegalArgumentException if the covariance is not symmetric positive definite
     */
    public Gaussian(double[] mean, DMatrixRMaj covariance) {
        this.d = mean.length;
        if (covariance.numRows != d || covariance.numCols != d) {
            throw new IllegalArgumentException("the covariance is " + covariance.numRows + " x " + covariance.numCols
                    + " but the mean has " + d + " elements");
        }
        this.mean = mean.clone();
        this.covariance = covariance.copy();
        CholeskyDecompositionInner_DDRM chol = new CholeskyDecompositionInner_DDRM(true);
        if (!chol.decompose(covariance.copy())) {
            throw new IllegalArgumentException("the covariance is not positive definite");
        }
        this.lower = chol.getT(null);
        double ld = 0;
        for (int i = 0; i < d; i++) {
            ld += 2 * Math.log(lower.get(i, i));
        }
        this.logDet = ld;
        this.precision = new DMatrixRMaj(d, d);
        if (!CommonOps_DDRM.invert(this.covariance.copy(), precision)) {
            throw new IllegalArgumentException("the covariance is singular");
        }
        this.precisionData = precision.data.clone();
    }

    public int dimension() {
        return d;
    }

    public double[] mean() {
        return mean.clone();
    }

    public DMatrixRMaj covariance() {
        return covariance.copy();
    }

    /** {@code ln det covariance}. */
    public double logDeterminant() {
        return logDet;
    }

    /** {@code ln N(x; mean, covariance)}. */
    public double logDensity(double[] x) {
        return logDensity(x, 0);
    }

    /** The log-density of the {@code d} values of {@code x} starting at {@code offset}. */
    public double logDensity(double[] x, int offset) {
        // u' P u over the upper triangle (P is symmetric): half the products of the full form.
        double[] p = precisionData;
        double q = 0;
        for (int i = 0; i < d; i++) {
            double ui = x[offset + i] - mean[i];
            int at = i * d;
            double off = 0;
            for (int j = i + 1; j < d; j++) {
                off += p[at + j] * (x[offset + j] - mean[j]);
            }
            q += ui * (p[at + i] * ui + 2 * off);
        }
        return -0.5 * (q + logDet + d * LOG_2PI);
    }

    /**
     * The mean log-density of {@code count} rows of {@code d} values, summed in fixed pieces
     * of {@link #PIECE} rows (on the pool's threads when there is one) and the pieces' sums
     * added in order: the same bits with any number of threads.
     */
    public double meanLogDensity(double[] rows, int count, ForkJoinPool pool) {
        int pieces = (count + PIECE - 1) / PIECE;
        double[] sums = new double[pieces];
        Parallel.forEach(pool, pieces, k -> {
            double s = 0;
            for (int r = k * PIECE; r < Math.min(count, (k + 1) * PIECE); r++) {
                s += logDensity(rows, r * d);
            }
            sums[k] = s;
        });
        double total = 0;
        for (double s : sums) {
            total += s;
        }
        return total / count;
    }

    /** {@code count} samples, row-major: {@code mean + L z} with {@code L L' = covariance}. */
    public double[] sample(int count, SplittableRandom random) {
        double[] out = new double[count * d];
        double[] z = new double[d];
        for (int s = 0; s < count; s++) {
            for (int i = 0; i < d; i++) {
                z[i] = random.nextGaussian();
            }
            for (int i = 0; i < d; i++) {
                double v = mean[i];
                for (int j = 0; j <= i; j++) {
                    v += lower.get(i, j) * z[j];
                }
                out[s * d + i] = v;
            }
        }
        return out;
    }

    /** Differential entropy in nats. */
    public double entropy() {
        return 0.5 * (d * (1 + LOG_2PI) + logDet);
    }

    /**
     * {@code KL(p || q) = 1/2 [tr(Sq^-1 Sp) + (mq - mp)' Sq^-1 (mq - mp) - d + ln det Sq - ln det Sp]}.
     */
    public static double kl(Gaussian p, Gaussian q) {
        if (p.d != q.d) {
            throw new IllegalArgumentException("the distributions have dimensions " + p.d + " and " + q.d);
        }
        int d = p.d;
        double trace = 0;
        double quad = 0;
        for (int i = 0; i < d; i++) {
            double ui = q.mean[i] - p.mean[i];
            for (int j = 0; j < d; j++) {
                trace += q.precision.get(i, j) * p.covariance.get(j, i);
                quad += ui * q.precision.get(i, j) * (q.mean[j] - p.mean[j]);
            }
        }
        return 0.5 * (trace + quad - d + q.logDet - p.logDet);
    }

    /** Maximum-likelihood fit: the sample mean and the biased (1/n) covariance of rows. */
    public static Gaussian fit(double[] rows, int count, int d) {
        double[] mean = new double[d];
        DMatrixRMaj cov = new DMatrixRMaj(d, d);
        moments(rows, count, d, mean, cov);
        return new Gaussian(mean, cov);
    }

    /** Writes the sample mean and the biased covariance of {@code count} rows of {@code d} values. */
    public static void moments(double[] rows, int count, int d, double[] mean, DMatrixRMaj cov) {
        moments(rows, count, d, mean, cov, null);
    }

    /** Rows summed per piece in the moments and densities: work for a thread, small enough to share out. */
    static final int PIECE = 8192;

    /**
     * {@link #moments(double[], int, int, double[], DMatrixRMaj)} with the rows summed in
     * fixed pieces of {@link #PIECE} rows, on the pool's threads when there is one, the
     * pieces' sums added in order: the same bits with any number of threads.
     */
    public static void moments(double[] rows, int count, int d, double[] mean, DMatrixRMaj cov, ForkJoinPool pool) {
        int pieces = (count + PIECE - 1) / PIECE;
        double[][] part = new double[pieces][];
        Parallel.forEach(pool, pieces, k -> {
            double[] m = new double[d];
            for (int s = k * PIECE; s < Math.min(count, (k + 1) * PIECE); s++) {
                for (int i = 0; i < d; i++) {
                    m[i] += rows[s * d + i];
                }
            }
            part[k] = m;
        });
        java.util.Arrays.fill(mean, 0.0);
        for (double[] m : part) {
            for (int i = 0; i < d; i++) {
                mean[i] += m[i];
            }
        }
        for (int i = 0; i < d; i++) {
            mean[i] /= count;
        }
        // Two passes about the mean: no cancellation for data far from the origin.
        Parallel.forEach(pool, pieces, k -> {
            double[] c = new double[d * d];
            double[] u = new double[d];
            for (int s = k * PIECE; s < Math.min(count, (k + 1) * PIECE); s++) {
                for (int i = 0; i < d; i++) {
                    u[i] = rows[s * d + i] - mean[i];
                }
                for (int i = 0; i < d; i++) {
                    double ui = u[i];
                    int at = i * d;
                    for (int j = i; j < d; j++) {
                        c[at + j] += ui * u[j];
                    }
                }
            }
            part[k] = c;
        });
        cov.reshape(d, d);
        cov.zero();
        for (double[] c : part) {
            for (int i = 0; i < d; i++) {
                for (int j = i; j < d; j++) {
                    cov.data[i * d + j] += c[i * d + j];
                }
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                double v = cov.data[i * d + j] / count;
                cov.data[i * d + j] = v;
                cov.data[j * d + i] = v;
            }
        }
    }
}
