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
 *
 * <p><b>With standard errors.</b> {@link #mmd2WithError} and {@link #energyDistanceWithError}
 * are the unbiased U-statistics (the energy distance's with {@code 1/(m(m-1))} and
 * {@code 1/(n(n-1))} over {@code i != j}), whose mean is the population distance for any
 * set sizes, so figures of sets of equal sizes compare like with like; their standard
 * error is the two-sample jackknife's (Arvesen 1969): every leave-one-out value comes from
 * the kernel matrices' row sums, so the error costs nothing beyond the figure.
 * {@link #compareMmd2} and {@link #compareEnergyDistance} measure a model's samples and a
 * yardstick against the same rows, with the error of their difference.
 *
 * <p><b>Local bandwidth.</b> {@link #localBandwidth}: the median, over the pooled points,
 * of the distance to the {@value #NEIGHBOUR}th nearest other point: the scale at which the
 * data's density varies. At the median heuristic's scale a kernel sees only the data's
 * overall shape: on two moons of noise 0.05 (median distance about 1.1), 500 samples blurred
 * by noise 0.1 score as well as the data itself; at the local scale (about 0.06) they stand
 * three standard errors above it.
 */
public final class SampleDistance {
    /** At most this many points of each set enter the median heuristic. */
    public static final int MEDIAN_POINTS_PER_SET = 500;

    /** The neighbour whose distance {@link #localBandwidth} takes: the 10th nearest. */
    public static final int NEIGHBOUR = 10;

    /**
     * A two-sample figure with its jackknife standard error.
     *
     * @param value         the unbiased estimate
     * @param standardError its jackknife standard error; NaN when a set has fewer than 3 points
     */
    public record Estimate(double value, double standardError) {
    }

    private SampleDistance() {
    }

    /** Unbiased MMD^2 with bandwidth {@code h}; each set needs at least 2 points. */
    public static double mmd2Unbiased(double[] x, int m, double[] y, int n, int dimension, double h) {
        check(x, m, y, n, dimension, 2);
        checkBandwidth(h);
        double kxx = (kernelSum(x, m, x, m, dimension, rbf(h)) - m) / ((double) m * (m - 1));
        double kyy = (kernelSum(y, n, y, n, dimension, rbf(h)) - n) / ((double) n * (n - 1));
        double kxy = kernelSum(x, m, y, n, dimension, rbf(h)) / ((double) m * n);
        return kxx + kyy - 2 * kxy;
    }

    /** Biased (V-statistic) MMD^2 with bandwidth {@code h}; 0 for identical sets. */
    public static double mmd2Biased(double[] x, int m, double[] y, int n, int dimension, double h) {
        check(x, m, y, n, dimension, 1);
        checkBandwidth(h);
        double kxx = kernelSum(x, m, x, m, dimension, rbf(h)) / ((double) m * m);
        double kyy = kernelSum(y, n, y, n, dimension, rbf(h)) / ((double) n * n);
        double kxy = kernelSum(x, m, y, n, dimension, rbf(h)) / ((double) m * n);
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
        double[] pooled = pool(x, m, y, n, dimension, "the median heuristic needs at least 2 points");
        int total = pooled.length / dimension;
        double[] distances = new double[total * (total - 1) / 2];
        int k = 0;
        for (int i = 0; i < total; i++) {
            for (int j = i + 1; j < total; j++) {
                distances[k++] = Math.sqrt(squaredDistance(pooled, i, pooled, j, dimension));
            }
        }
        double median = median(distances);
        if (!(median > 0)) {
            throw new IllegalArgumentException("the median pairwise distance is " + median
                    + ": most points coincide, so give the bandwidth explicitly");
        }
        return median;
    }

    /**
     * The median over the pooled sets (the first {@value #MEDIAN_POINTS_PER_SET} points of
     * each) of each point's distance to its {@value #NEIGHBOUR}th nearest point at a positive
     * distance (the farthest, when fewer differ from it): points that coincide, as binary
     * data's often do, do not make the scale 0.
     *
     * @throws IllegalArgumentException if fewer than 2 points are pooled or most coincide
     */
    public static double localBandwidth(double[] x, int m, double[] y, int n, int dimension) {
        double[] pooled = pool(x, m, y, n, dimension, "a local bandwidth needs at least 2 points");
        int total = pooled.length / dimension;
        int k = Math.min(NEIGHBOUR, total - 1);
        double[] nearest = new double[k];
        double[] kth = new double[total];
        for (int i = 0; i < total; i++) {
            // The k smallest squared distances so far, ascending, by insertion.
            java.util.Arrays.fill(nearest, Double.POSITIVE_INFINITY);
            for (int j = 0; j < total; j++) {
                double d2 = squaredDistance(pooled, i, pooled, j, dimension);
                if (d2 > 0 && d2 < nearest[k - 1]) {
                    int p = k - 1;
                    while (p > 0 && nearest[p - 1] > d2) {
                        nearest[p] = nearest[p - 1];
                        p--;
                    }
                    nearest[p] = d2;
                }
            }
            int last = k - 1;
            while (last > 0 && nearest[last] == Double.POSITIVE_INFINITY) {
                last--;
            }
            kth[i] = nearest[last] == Double.POSITIVE_INFINITY ? 0 : Math.sqrt(nearest[last]);
        }
        double median = median(kth);
        if (!(median > 0)) {
            throw new IllegalArgumentException("most points coincide: the median distance to the " + k
                    + "th nearest other point is 0");
        }
        return median;
    }

    /**
     * The first {@value #MEDIAN_POINTS_PER_SET} points of each set, one after the other: what the
     * bandwidths are read from.
     *
     * @param what the figure, for the message when fewer than 2 points are pooled
     */
    private static double[] pool(double[] x, int m, double[] y, int n, int dimension, String what) {
        check(x, m, y, n, dimension, 0);
        int mx = Math.min(m, MEDIAN_POINTS_PER_SET);
        int my = Math.min(n, MEDIAN_POINTS_PER_SET);
        if (mx + my < 2) {
            throw new IllegalArgumentException(what + ", not " + (mx + my));
        }
        double[] pooled = new double[(mx + my) * dimension];
        System.arraycopy(x, 0, pooled, 0, mx * dimension);
        System.arraycopy(y, 0, pooled, mx * dimension, my * dimension);
        return pooled;
    }

    /** The median of {@code v} (sorted in place); an even count takes the mean of the middle two. */
    private static double median(double[] v) {
        Arrays.sort(v);
        int half = v.length / 2;
        return v.length % 2 == 1 ? v[half] : 0.5 * (v[half - 1] + v[half]);
    }

    /** Energy distance (V-statistic); each set needs at least 1 point. */
    public static double energyDistance(double[] x, int m, double[] y, int n, int dimension) {
        check(x, m, y, n, dimension, 1);
        double xy = kernelSum(x, m, y, n, dimension, Math::sqrt) / ((double) m * n);
        double xx = kernelSum(x, m, x, m, dimension, Math::sqrt) / ((double) m * m);
        double yy = kernelSum(y, n, y, n, dimension, Math::sqrt) / ((double) n * n);
        return 2 * xy - xx - yy;
    }

    /**
     * Unbiased MMD^2 with the RBF kernel of bandwidth {@code h}, with its jackknife standard
     * error; each set needs at least 2 points.
     */
    public static Estimate mmd2WithError(double[] x, int m, double[] y, int n, int dimension, double h) {
        check(x, m, y, n, dimension, 2);
        checkBandwidth(h);
        return uStatistic(x, m, y, n, dimension, rbf(h), 1);
    }

    /** The unbiased energy distance with its jackknife standard error; each set needs at least 2 points. */
    public static Estimate energyDistanceWithError(double[] x, int m, double[] y, int n, int dimension) {
        check(x, m, y, n, dimension, 2);
        // -|x - y| in place of a kernel turns MMD^2's U-statistic into the energy distance's.
        return uStatistic(x, m, y, n, dimension, Math::sqrt, -1);
    }

    /**
     * A model's samples {@code S} and a yardstick {@code A} (data the model did not see),
     * each compared with the same rows {@code B}.
     *
     * @param model     the distance between {@code S} and {@code B}
     * @param yardstick the distance between {@code A} and {@code B}
     * @param excess    {@code model - yardstick}, whose error is far smaller than either's: the
     *                  terms within {@code B} cancel, and the jackknife leaves out points of
     *                  all three sets
     */
    public record Comparison(Estimate model, Estimate yardstick, Estimate excess) {
    }

    /** {@link #mmd2WithError} of {@code s} and of {@code a} against {@code b}, and their difference. */
    public static Comparison compareMmd2(double[] s, int ms, double[] a, int ma, double[] b, int n, int dimension,
            double h) {
        check(s, ms, b, n, dimension, 2);
        check(a, ma, b, n, dimension, 2);
        checkBandwidth(h);
        return compare(s, ms, a, ma, b, n, dimension, rbf(h), 1);
    }

    /** {@link #energyDistanceWithError} of {@code s} and of {@code a} against {@code b}, and their difference. */
    public static Comparison compareEnergyDistance(double[] s, int ms, double[] a, int ma, double[] b, int n,
            int dimension) {
        check(s, ms, b, n, dimension, 2);
        check(a, ma, b, n, dimension, 2);
        return compare(s, ms, a, ma, b, n, dimension, Math::sqrt, -1);
    }

    /** A kernel of the squared distance. */
    private interface Kernel {
        double of(double squaredDistance);
    }

    /** {@code exp(-d^2 / (2 h^2))}. */
    private static Kernel rbf(double h) {
        double g = 1 / (2 * h * h);
        return d2 -> Math.exp(-g * d2);
    }

    /**
     * {@code sign * (A/(m(m-1)) + B/(n(n-1)) - 2C/(mn))} with {@code A}, {@code B} the
     * off-diagonal kernel sums within the sets and {@code C} the cross sum, and the jackknife:
     * leaving {@code x_i} out removes {@code 2a_i} from {@code A} and {@code c_i} from
     * {@code C}, where {@code a_i}, {@code c_i} are row {@code i}'s sums; likewise for
     * {@code y_j}. Variance {@code (m-1)/m sum_i (t_-i - mean)^2 + (n-1)/n sum_j (t_-j - mean)^2}.
     */
    private static Estimate uStatistic(double[] x, int m, double[] y, int n, int d, Kernel k, double sign) {
        double[] wx = within(x, m, d, k);
        double[] wy = within(y, n, d, k);
        double[][] c = cross(x, m, y, n, d, k);
        return twoSample(wx, wy, c[0], c[1], sign);
    }

    private static Estimate twoSample(double[] wx, double[] wy, double[] cx, double[] cy, double sign) {
        int m = wx.length;
        int n = wy.length;
        double sa = sum(wx);
        double sb = sum(wy);
        double sc = sum(cx);
        double value = sa / ((double) m * (m - 1)) + sb / ((double) n * (n - 1)) - 2 * sc / ((double) m * n);
        if (m < 3 || n < 3) {
            return new Estimate(sign * value, Double.NaN);
        }
        double[] leaveX = new double[m];
        for (int i = 0; i < m; i++) {
            leaveX[i] = (sa - 2 * wx[i]) / ((double) (m - 1) * (m - 2)) + sb / ((double) n * (n - 1))
                    - 2 * (sc - cx[i]) / ((double) (m - 1) * n);
        }
        double[] leaveY = new double[n];
        for (int j = 0; j < n; j++) {
            leaveY[j] = sa / ((double) m * (m - 1)) + (sb - 2 * wy[j]) / ((double) (n - 1) * (n - 2))
                    - 2 * (sc - cy[j]) / ((double) m * (n - 1));
        }
        double variance = (m - 1.0) / m * squaredDeviations(leaveX) + (n - 1.0) / n * squaredDeviations(leaveY);
        return new Estimate(sign * value, Math.sqrt(variance));
    }

    /**
     * Both two-sample figures from shared sums, and their difference
     * {@code W_S/(m_S(m_S-1)) - W_A/(m_A(m_A-1)) - 2 C_SB/(m_S n) + 2 C_AB/(m_A n)} (the sums
     * within {@code B} cancel) with a three-sample jackknife: leaving out a point of {@code S}
     * or {@code A} changes its own within and cross sums, a point of {@code B} both cross sums.
     */
    private static Comparison compare(double[] s, int ms, double[] a, int ma, double[] b, int n, int d, Kernel k,
            double sign) {
        double[] ws = within(s, ms, d, k);
        double[] wa = within(a, ma, d, k);
        double[] wb = within(b, n, d, k);
        double[][] sb = cross(s, ms, b, n, d, k);
        double[][] ab = cross(a, ma, b, n, d, k);
        Estimate model = twoSample(ws, wb, sb[0], sb[1], sign);
        Estimate yardstick = twoSample(wa, wb, ab[0], ab[1], sign);
        double tS = sum(ws);
        double tA = sum(wa);
        double cS = sum(sb[0]);
        double cA = sum(ab[0]);
        double value = tS / ((double) ms * (ms - 1)) - tA / ((double) ma * (ma - 1)) - 2 * cS / ((double) ms * n)
                + 2 * cA / ((double) ma * n);
        if (ms < 3 || ma < 3 || n < 3) {
            return new Comparison(model, yardstick, new Estimate(sign * value, Double.NaN));
        }
        double fixedA = tA / ((double) ma * (ma - 1)) - 2 * cA / ((double) ma * n);
        double fixedS = tS / ((double) ms * (ms - 1)) - 2 * cS / ((double) ms * n);
        double[] leaveS = new double[ms];
        for (int i = 0; i < ms; i++) {
            leaveS[i] = (tS - 2 * ws[i]) / ((double) (ms - 1) * (ms - 2)) - 2 * (cS - sb[0][i]) / ((double) (ms - 1) * n)
                    - fixedA;
        }
        double[] leaveA = new double[ma];
        for (int i = 0; i < ma; i++) {
            leaveA[i] = fixedS - (tA - 2 * wa[i]) / ((double) (ma - 1) * (ma - 2))
                    + 2 * (cA - ab[0][i]) / ((double) (ma - 1) * n);
        }
        double[] leaveB = new double[n];
        for (int j = 0; j < n; j++) {
            leaveB[j] = tS / ((double) ms * (ms - 1)) - tA / ((double) ma * (ma - 1))
                    - 2 * (cS - sb[1][j]) / ((double) ms * (n - 1)) + 2 * (cA - ab[1][j]) / ((double) ma * (n - 1));
        }
        double variance = (ms - 1.0) / ms * squaredDeviations(leaveS) + (ma - 1.0) / ma * squaredDeviations(leaveA)
                + (n - 1.0) / n * squaredDeviations(leaveB);
        return new Comparison(model, yardstick, new Estimate(sign * value, Math.sqrt(variance)));
    }

    /** {@code out[i] = sum over j != i of k(x_i, x_j)}, each pair's kernel computed once. */
    private static double[] within(double[] x, int m, int d, Kernel k) {
        double[] out = new double[m];
        for (int i = 0; i < m; i++) {
            for (int j = i + 1; j < m; j++) {
                double v = k.of(squaredDistance(x, i, x, j, d));
                out[i] += v;
                out[j] += v;
            }
        }
        return out;
    }

    /** The cross kernel matrix's row sums and column sums. */
    private static double[][] cross(double[] x, int m, double[] y, int n, int d, Kernel k) {
        double[] rows = new double[m];
        double[] columns = new double[n];
        for (int i = 0; i < m; i++) {
            double row = 0;
            for (int j = 0; j < n; j++) {
                double v = k.of(squaredDistance(x, i, y, j, d));
                row += v;
                columns[j] += v;
            }
            rows[i] = row;
        }
        return new double[][] {rows, columns};
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }

    private static double squaredDeviations(double[] v) {
        double mean = sum(v) / v.length;
        double s = 0;
        for (double x : v) {
            s += (x - mean) * (x - mean);
        }
        return s;
    }

    /** The sum of {@code k} over every pair {@code (a_i, b_j)}, row by row. */
    private static double kernelSum(double[] a, int na, double[] b, int nb, int d, Kernel k) {
        return sum(cross(a, na, b, nb, d, k)[0]);
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
