package org.thermogen.runtime.eval;

import java.util.Arrays;

/**
 * Distances between two sets of points that need no density: the squared maximum mean
 * discrepancy with a Gaussian (RBF) kernel, and the energy distance. Sets are row-major
 * arrays of {@code count * dimension} values. Both are symmetric in the two sets.
 *
 * <p><b>MMD.</b> With {@code k(x, y) = exp(-|x - y|^2 / (2 h^2))},
 * {@link #mmd2Unbiased} is the unbiased U-statistic of Gretton et al. 2012 (Lemma 6):
 * {@code 1/(m(m-1)) sum_{i != j} k(x_i, x_j) + 1/(n(n-1)) sum_{i != j} k(y_i, y_j)
 * - 2/(mn) sum_{i, j} k(x_i, y_j)}; it can be slightly negative when the distributions are
 * equal. {@link #mmd2Biased} is the V-statistic (the same sums over all pairs, {@code i = j}
 * included, divided by {@code m^2}, {@code n^2}), which is 0 exactly for identical sets
 * and never negative.
 *
 * <p><b>Bandwidth.</b> {@link #medianBandwidth}: {@code h} is the median of the distances
 * {@code |z_i - z_j|}, {@code i < j}, over the pooled points {@code z} (the median
 * heuristic); to bound the cost, only the first {@value #MEDIAN_POINTS_PER_SET} points of
 * each set enter the pool. An even number of distances takes the mean of the two middle
 * ones.
 *
 * <p><b>Energy distance</b> (Szekely and Rizzo 2013), the V-statistic
 * {@code 2/(mn) sum |x_i - y_j| - 1/m^2 sum |x_i - x_j| - 1/n^2 sum |y_i - y_j|}: never
 * negative, 0 for identical sets.
 */
public final class SampleDistance {
    /** At most this many points of each set enter the median heuristic. */
    public static final int MEDIAN_POINTS_PER_SET = 500;

    private SampleDistance() {
    }

    /** Unbiased MMD^2 with bandwidth {@code h}; each set needs at least 2 points. */
    public static double mmd2Unbiased(double[] x, int m, double[] y, int n, int dimension, double h) {
        check(x, m, y, n, dimension, 2);
        checkBandwidth(h);
        double g = 1 / (2 * h * h);
        double kxx = (kernelSum(x, m, x, m, dimension, g) - m) / ((double) m * (m - 1));
        double kyy = (kernelSum(y, n, y, n, dimension, g) - n) / ((double) n * (n - 1));
        double kxy = kernelSum(x, m, y, n, dimension, g) / ((double) m * n);
        return kxx + kyy - 2 * kxy;
    }

    /** Biased (V-statistic) MMD^2 with bandwidth {@code h}; 0 for identical sets. */
    public static double mmd2Biased(double[] x, int m, double[] y, int n, int dimension, double h) {
        check(x, m, y, n, dimension, 1);
        checkBandwidth(h);
        double g = 1 / (2 * h * h);
        double kxx = kernelSum(x, m, x, m, dimension, g) / ((double) m * m);
        double kyy = kernelSum(y, n, y, n, dimension, g) / ((double) n * n);
        double kxy = kernelSum(x, m, y, n, dimension, g) / ((double) m * n);
        return kxx + kyy - 2 * kxy;
    }

    /** Unbiased MMD^2 with the {@link #medianBandwidth median-heuristic} bandwidth. */
    public static double mmd2Unbiased(double[] x, int m, double[] y, int n, int dimension) {
        return mmd2Unbiased(x, m, y, n, dimension, medianBandwidth(x, m, y, n, dimension));
    }

    /**
     * The median of pairwise distances over the pooled sets (the first
     * {@value #MEDIAN_POINTS_PER_SET} points of each).
     *
     * @throws IllegalArgumentException if fewer than 2 points are pooled or all coincide
     */
    public static double medianBandwidth(double[] x, int m, double[] y, int n, int dimension) {
        check(x, m, y, n, dimension, 0);
        int mx = Math.min(m, MEDIAN_POINTS_PER_SET);
        int my = Math.min(n, MEDIAN_POINTS_PER_SET);
        int total = mx + my;
        if (total < 2) {
            throw new IllegalArgumentException("the median heuristic needs at least 2 points, not " + total);
        }
        double[] pooled = new double[total * dimension];
        System.arraycopy(x, 0, pooled, 0, mx * dimension);
        System.arraycopy(y, 0, pooled, mx * dimension, my * dimension);
        double[] distances = new double[total * (total - 1) / 2];
        int k = 0;
        for (int i = 0; i < total; i++) {
            for (int j = i + 1; j < total; j++) {
                distances[k++] = Math.sqrt(squaredDistance(pooled, i, pooled, j, dimension));
            }
        }
        Arrays.sort(distances);
        int half = distances.length / 2;
        double median = distances.length % 2 == 1 ? distances[half] : 0.5 * (distances[half - 1] + distances[half]);
        if (!(median > 0)) {
            throw new IllegalArgumentException("the median pairwise distance is " + median
                    + ": most points coincide, so give the bandwidth explicitly");
        }
        return median;
    }

    /** Energy distance (V-statistic); each set needs at least 1 point. */
    public static double energyDistance(double[] x, int m, double[] y, int n, int dimension) {
        check(x, m, y, n, dimension, 1);
        double xy = distanceSum(x, m, y, n, dimension) / ((double) m * n);
        double xx = distanceSum(x, m, x, m, dimension) / ((double) m * m);
        double yy = distanceSum(y, n, y, n, dimension) / ((double) n * n);
        return 2 * xy - xx - yy;
    }

    private static double kernelSum(double[] a, int na, double[] b, int nb, int d, double g) {
        double sum = 0;
        for (int i = 0; i < na; i++) {
            double row = 0;
            for (int j = 0; j < nb; j++) {
                row += Math.exp(-g * squaredDistance(a, i, b, j, d));
            }
            sum += row;
        }
        return sum;
    }

    private static double distanceSum(double[] a, int na, double[] b, int nb, int d) {
        double sum = 0;
        for (int i = 0; i < na; i++) {
            double row = 0;
            for (int j = 0; j < nb; j++) {
                row += Math.sqrt(squaredDistance(a, i, b, j, d));
            }
            sum += row;
        }
        return sum;
    }

    private static double squaredDistance(double[] a, int i, double[] b, int j, int d) {
        double s = 0;
        for (int k = 0, p = i * d, q = j * d; k < d; k++, p++, q++) {
            double diff = a[p] - b[q];
            s += diff * diff;
        }
        return s;
    }

    private static void check(double[] x, int m, double[] y, int n, int d, int least) {
        if (d < 1) {
            throw new IllegalArgumentException("the dimension must be at least 1, not " + d);
        }
        if (m < least || n < least) {
            throw new IllegalArgumentException("each set needs at least " + least + " points; got " + m + " and " + n);
        }
        if (x.length < (long) m * d || y.length < (long) n * d) {
            throw new IllegalArgumentException("arrays of " + x.length + " and " + y.length + " values cannot hold "
                    + m + " and " + n + " points of dimension " + d);
        }
    }

    private static void checkBandwidth(double h) {
        if (!(h > 0) || Double.isInfinite(h)) {
            throw new IllegalArgumentException("the kernel bandwidth must be a finite number above 0, not " + h);
        }
    }
}
