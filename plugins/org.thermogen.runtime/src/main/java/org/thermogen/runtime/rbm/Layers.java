package org.thermogen.runtime.rbm;

import java.util.random.RandomGenerator;
import org.thermogen.runtime.compute.Backend;
import org.thermogen.runtime.compute.DenseKernels;
import org.thermogen.runtime.model.Domain;

/**
 * The conditionals of an RBM for a batch of rows at once (notes 01, (4.6), (4.7)): fields
 * by one matrix product per layer, then element-wise means or samples. Row {@code r} of a
 * batch draws only from its own random stream, unit by unit in order, so a chain's numbers
 * do not depend on which other chains share its batch. Nothing here allocates.
 *
 * <p>Matrices are arrays of rows ({@code double[rows][cols]}) and products are sums of
 * AXPYs over whole rows: the JIT turns {@code y[j] += a * x[j]} over two arrays indexed from
 * zero into vector instructions, which it does not do for the offset indexing of a flat
 * row-major array (EJML's dense kernels included): measured on the 10 x 64 x 100 product of
 * a digits mini-batch, 2.7 times faster per AXPY. Zero entries of the left factor are
 * skipped, so a product with binary states (images, hidden samples) costs in proportion to
 * the units that are on.
 */
final class Layers {
    private Layers() {
    }

    /**
     * {@code out[r] = bias + sum_p a[r][p] m[p]} for the first {@code rows} rows: fields of one
     * layer ({@code a} the other layer's states, {@code m} the weights oriented from it).
     */
    static void product(double[][] a, int rows, double[][] m, double[] bias, double[][] out) {
        int k = m.length;
        int n = bias.length;
        for (int r = 0; r < rows; r++) {
            double[] o = out[r];
            double[] ar = a[r];
            System.arraycopy(bias, 0, o, 0, n);
            for (int p = 0; p < k; p++) {
                double av = ar[p];
                if (av != 0.0) {
                    axpy(o, av, m[p]);
                }
            }
        }
    }

    /** {@code g[p] += alpha sum_r a[r][p] h[r]} over the first {@code rows} rows: {@code g += alpha a' h}. */
    static void addTransposeProduct(double alpha, double[][] a, double[][] h, int rows, double[][] g) {
        int k = g.length;
        for (int r = 0; r < rows; r++) {
            double[] ar = a[r];
            double[] hr = h[r];
            for (int p = 0; p < k; p++) {
                double av = ar[p];
                if (av != 0.0) {
                    axpy(g[p], alpha * av, hr);
                }
            }
        }
    }

    /** {@code y += a x}, both arrays indexed from zero so the loop vectorizes; {@code y.length} elements. */
    static void axpy(double[] y, double a, double[] x) {
        for (int j = 0; j < y.length; j++) {
            y[j] += a * x[j];
        }
    }

    /**
     * Conditional means given the fields: {@code sigmoid(f)} for binary units, {@code tanh(f)}
     * for spins, {@code f / (2 a)} for real units (quadratic coefficients {@code a}).
     */
    static void means(Domain domain, double[][] field, int rows, double[] a, double[][] out) {
        DenseKernels kernels = Backend.kernels();
        for (int r = 0; r < rows; r++) {
            double[] f = field[r];
            double[] o = out[r];
            int cols = f.length;
            switch (domain) {
                case BINARY -> kernels.sigmoid(f, o, cols);
                case SPIN -> {
                    for (int j = 0; j < cols; j++) {
                        o[j] = Math.tanh(f[j]);
                    }
                }
                case REAL -> {
                    for (int j = 0; j < cols; j++) {
                        o[j] = f[j] / (2 * a[j]);
                    }
                }
            }
        }
    }

    /**
     * Draws every unit from its conditional given the fields: {@code P(1) = sigmoid(f)} for
     * binary units, {@code P(+1) = sigmoid(2 f)} for spins, normal with mean {@code f / (2 a)}
     * and variance {@code 1 / (2 a)} for real units. Row {@code r} draws from
     * {@code randoms[first + r]}.
     *
     * @return how many discrete units changed value (0 for real units)
     */
    static int sample(Domain domain, double[][] field, int rows, double[] a, RandomGenerator[] randoms, int first,
            double[][] out) {
        int changed = 0;
        for (int r = 0; r < rows; r++) {
            RandomGenerator random = randoms[first + r];
            double[] f = field[r];
            double[] o = out[r];
            int cols = f.length;
            switch (domain) {
                case BINARY -> {
                    for (int j = 0; j < cols; j++) {
                        double now = below(random.nextDouble(), sigmoid(f[j]));
                        changed += (int) Math.abs(o[j] - now);
                        o[j] = now;
                    }
                }
                case SPIN -> {
                    for (int j = 0; j < cols; j++) {
                        double now = 2 * below(random.nextDouble(), sigmoid(2 * f[j])) - 1;
                        changed += (int) (0.5 * Math.abs(o[j] - now));
                        o[j] = now;
                    }
                }
                case REAL -> {
                    for (int j = 0; j < cols; j++) {
                        double twoA = 2 * a[j];
                        o[j] = f[j] / twoA + random.nextGaussian() / Math.sqrt(twoA);
                    }
                }
            }
        }
        return changed;
    }

    /**
     * Draws binary or spin units from their conditional means (as {@link #means} computes
     * them): {@code P(1) = m} for binary units, {@code P(+1) = (1 + m) / 2} for spins. The same
     * draw as {@link #sample} from the fields, without an exponential per unit.
     */
    static void sampleFromMeans(Domain domain, double[][] means, int rows, RandomGenerator[] randoms, int first,
            double[][] out) {
        boolean spin = domain == Domain.SPIN;
        for (int r = 0; r < rows; r++) {
            RandomGenerator random = randoms[first + r];
            double[] m = means[r];
            double[] o = out[r];
            if (spin) {
                for (int j = 0; j < m.length; j++) {
                    o[j] = 2 * below(random.nextDouble(), 0.5 * (1.0 + m[j])) - 1;
                }
            } else {
                for (int j = 0; j < m.length; j++) {
                    o[j] = below(random.nextDouble(), m[j]);
                }
            }
        }
    }

    /** A uniformly random binary or spin state for each row, from each row's own stream. */
    static void uniform(Domain domain, RandomGenerator[] randoms, int first, int rows, double[][] out) {
        double low = domain == Domain.SPIN ? -1.0 : 0.0;
        for (int r = 0; r < rows; r++) {
            RandomGenerator random = randoms[first + r];
            double[] o = out[r];
            for (int j = 0; j < o.length; j++) {
                o[j] = random.nextBoolean() ? 1.0 : low;
            }
        }
    }

    /** Copies row-major {@code rows x cols} {@code m} into rows, and its transpose into {@code t}. */
    static void split(double[] m, int rows, int cols, double[][] out, double[][] t) {
        for (int i = 0; i < rows; i++) {
            System.arraycopy(m, i * cols, out[i], 0, cols);
        }
        if (t != null) {
            // In tiles, so that the rows of t written stay in the cache.
            final int tile = 16;
            for (int i0 = 0; i0 < rows; i0 += tile) {
                int i1 = Math.min(i0 + tile, rows);
                for (int j0 = 0; j0 < cols; j0 += tile) {
                    int j1 = Math.min(j0 + tile, cols);
                    for (int i = i0; i < i1; i++) {
                        int row = i * cols;
                        for (int j = j0; j < j1; j++) {
                            t[j][i] = m[row + j];
                        }
                    }
                }
            }
        }
    }

    /**
     * {@code 1 / (1 + e^-x)}, accurate everywhere: for large negative {@code x} the
     * denominator is {@code e^-x} to a relative rounding, and beyond it is infinite and the
     * result 0. No branch, so no mispredictions on random fields.
     */
    static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    /**
     * 1 if {@code u < p}, else 0, without a branch: the sign bit of {@code u - p}. Draws with
     * a probability near one half would otherwise mispredict half the time.
     */
    static double below(double u, double p) {
        return Double.doubleToRawLongBits(u - p) >>> 63;
    }
}
