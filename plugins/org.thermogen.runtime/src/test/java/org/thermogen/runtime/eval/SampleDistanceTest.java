package org.thermogen.runtime.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SampleDistanceTest {
    private static final double[] X = {0, 1};
    private static final double[] Y = {0, 2};

    /**
     * x = {0, 1}, y = {0, 2}, h = 1, k = exp(-d^2 / 2): off-diagonal k(x) = e^-1/2, k(y) = e^-2,
     * cross sum 1 + e^-2 + 2 e^-1/2; unbiased = e^-1/2 + e^-2 - (1 + e^-2 + 2 e^-1/2) / 2
     * = (e^-2 - 1) / 2; biased = (1 - e^-1/2) / 2.
     */
    @Test
    void mmdByHand() {
        assertEquals((Math.exp(-2) - 1) / 2, SampleDistance.mmd2Unbiased(X, 2, Y, 2, 1, 1.0), 1e-15);
        assertEquals((1 - Math.exp(-0.5)) / 2, SampleDistance.mmd2Biased(X, 2, Y, 2, 1, 1.0), 1e-15);
        // Pooled {0, 1, 0, 2}: distances 0, 1, 1, 1, 2, 2, median 1.
        assertEquals(1.0, SampleDistance.medianBandwidth(X, 2, Y, 2, 1), 0.0);
        assertEquals((Math.exp(-2) - 1) / 2, SampleDistance.mmd2Unbiased(X, 2, Y, 2, 1), 1e-15);
    }

    /** Cross distances 0, 2, 1, 1 (mean 1); within x 1 twice of 4 (0.5), within y 2 twice of 4 (1): 2 - 0.5 - 1. */
    @Test
    void energyDistanceByHand() {
        assertEquals(0.5, SampleDistance.energyDistance(X, 2, Y, 2, 1), 1e-15);
        // Two single points 5 apart in the plane: 2 * 5.
        assertEquals(10.0, SampleDistance.energyDistance(new double[] {0, 0}, 1, new double[] {3, 4}, 1, 2), 1e-15);
    }

    @Test
    void symmetricAndZeroForIdenticalSets() {
        SplittableRandom random = new SplittableRandom(4);
        double[] a = gaussian(random, 60, 3, 0);
        double[] b = gaussian(random, 45, 3, 0.5);
        assertEquals(SampleDistance.mmd2Unbiased(a, 60, b, 45, 3), SampleDistance.mmd2Unbiased(b, 45, a, 60, 3), 1e-14);
        assertEquals(SampleDistance.mmd2Biased(a, 60, b, 45, 3, 1.3), SampleDistance.mmd2Biased(b, 45, a, 60, 3, 1.3),
                1e-14);
        assertEquals(SampleDistance.energyDistance(a, 60, b, 45, 3), SampleDistance.energyDistance(b, 45, a, 60, 3),
                1e-13);
        assertEquals(0.0, SampleDistance.mmd2Biased(a, 60, a, 60, 3, 1.3), 1e-14);
        assertEquals(0.0, SampleDistance.energyDistance(a, 60, a, 60, 3), 1e-13);
    }

    /**
     * 1000 points each: two samples of N(0, I_2) against one of N((1, 0), I_2). The unbiased
     * MMD^2 between equal distributions has mean 0 and a standard deviation of order 1/n;
     * the shift gives about 0.13 at the median bandwidth (about 1.9).
     */
    @Test
    void separatesDifferentDistributions() {
        SplittableRandom random = new SplittableRandom(12);
        double[] a = gaussian(random, 1000, 2, 0);
        double[] b = gaussian(random, 1000, 2, 0);
        double[] c = gaussian(random, 1000, 2, 1);
        double same = SampleDistance.mmd2Unbiased(a, 1000, b, 1000, 2);
        double shifted = SampleDistance.mmd2Unbiased(a, 1000, c, 1000, 2);
        assertTrue(Math.abs(same) < 0.005, "same " + same);
        assertTrue(shifted > 0.05, "shifted " + shifted);
        assertTrue(SampleDistance.energyDistance(a, 1000, c, 1000, 2) > 20
                * Math.abs(SampleDistance.energyDistance(a, 1000, b, 1000, 2)));
    }

    @Test
    void messages() {
        IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
                () -> SampleDistance.mmd2Unbiased(X, 1, Y, 2, 1, 1.0));
        assertEquals("each set needs at least 2 points; got 1 and 2", few.getMessage());
        IllegalArgumentException h = assertThrows(IllegalArgumentException.class,
                () -> SampleDistance.mmd2Biased(X, 2, Y, 2, 1, 0));
        assertEquals("the kernel bandwidth must be a finite number above 0, not 0.0", h.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> SampleDistance.medianBandwidth(new double[4], 2, new double[4], 2, 2));
    }

    /**
     * The U-statistics and their jackknife errors written the slow way: the estimator from
     * its definition over pairs, and every leave-one-out value recomputed from scratch.
     */
    @Test
    void estimatesAndJackknifeAgreeWithTheDefinition() {
        SplittableRandom random = new SplittableRandom(9);
        int m = 7;
        int n = 5;
        double[] x = gaussian(random, m, 2, 0);
        double[] y = gaussian(random, n, 2, 0.7);
        double h = 0.8;
        java.util.function.DoubleBinaryOperator rbf = (d2, unused) -> Math.exp(-d2 / (2 * h * h));
        java.util.function.DoubleBinaryOperator negativeDistance = (d2, unused) -> -Math.sqrt(d2);
        for (boolean mmd : new boolean[] {true, false}) {
            java.util.function.DoubleBinaryOperator k = mmd ? rbf : negativeDistance;
            SampleDistance.Estimate e = mmd ? SampleDistance.mmd2WithError(x, m, y, n, 2, h)
                    : SampleDistance.energyDistanceWithError(x, m, y, n, 2);
            assertEquals(slow(x, m, y, n, k, -1, -1), e.value(), 1e-14);
            double[] leaveX = new double[m];
            double[] leaveY = new double[n];
            for (int i = 0; i < m; i++) {
                leaveX[i] = slow(x, m, y, n, k, i, -1);
            }
            for (int j = 0; j < n; j++) {
                leaveY[j] = slow(x, m, y, n, k, -1, j);
            }
            double variance = (m - 1.0) / m * deviations(leaveX) + (n - 1.0) / n * deviations(leaveY);
            assertEquals(Math.sqrt(variance), e.standardError(), 1e-14);
        }
        assertTrue(Double.isNaN(SampleDistance.mmd2WithError(x, 2, y, 5, 2, h).standardError()));
    }

    /**
     * A model's samples and a yardstick against the same rows: each figure is the two-sample
     * one, the excess their difference, and its error the three-sample jackknife's, every
     * leave-one-out value recomputed from scratch.
     */
    @Test
    void comparisonAgreesWithTheDefinition() {
        SplittableRandom random = new SplittableRandom(19);
        int ms = 6;
        int ma = 5;
        int n = 7;
        double[] s = gaussian(random, ms, 2, 0.4);
        double[] a = gaussian(random, ma, 2, 0);
        double[] b = gaussian(random, n, 2, 0);
        double h = 1.1;
        java.util.function.DoubleBinaryOperator rbf = (d2, unused) -> Math.exp(-d2 / (2 * h * h));
        java.util.function.DoubleBinaryOperator negativeDistance = (d2, unused) -> -Math.sqrt(d2);
        for (boolean mmd : new boolean[] {true, false}) {
            java.util.function.DoubleBinaryOperator k = mmd ? rbf : negativeDistance;
            SampleDistance.Comparison c = mmd ? SampleDistance.compareMmd2(s, ms, a, ma, b, n, 2, h)
                    : SampleDistance.compareEnergyDistance(s, ms, a, ma, b, n, 2);
            SampleDistance.Estimate model = mmd ? SampleDistance.mmd2WithError(s, ms, b, n, 2, h)
                    : SampleDistance.energyDistanceWithError(s, ms, b, n, 2);
            SampleDistance.Estimate yardstick = mmd ? SampleDistance.mmd2WithError(a, ma, b, n, 2, h)
                    : SampleDistance.energyDistanceWithError(a, ma, b, n, 2);
            assertEquals(model, c.model());
            assertEquals(yardstick, c.yardstick());
            assertEquals(model.value() - yardstick.value(), c.excess().value(), 1e-14);
            double[][] leave = new double[3][];
            leave[0] = new double[ms];
            leave[1] = new double[ma];
            leave[2] = new double[n];
            for (int i = 0; i < ms; i++) {
                leave[0][i] = slow(s, ms, b, n, k, i, -1) - slow(a, ma, b, n, k, -1, -1);
            }
            for (int i = 0; i < ma; i++) {
                leave[1][i] = slow(s, ms, b, n, k, -1, -1) - slow(a, ma, b, n, k, i, -1);
            }
            for (int j = 0; j < n; j++) {
                leave[2][j] = slow(s, ms, b, n, k, -1, j) - slow(a, ma, b, n, k, -1, j);
            }
            double variance = 0;
            for (double[] l : leave) {
                variance += (l.length - 1.0) / l.length * deviations(l);
            }
            assertEquals(Math.sqrt(variance), c.excess().standardError(), 1e-14);
        }
    }

    /**
     * Points 0, 1, 3, 7 on a line and a copy of 0: five points, so the 4th nearest at a
     * positive distance, or the farthest when fewer differ: 7 for 0 and its copy (1, 3, 7), 6 for
     * 1 (1, 1, 2, 6), 4 for 3 (2, 3, 3, 4), 7 for 7; the median is 7. Identical points have no scale.
     */
    @Test
    void localBandwidthByHand() {
        assertEquals(7.0, SampleDistance.localBandwidth(new double[] {0, 1, 3}, 3, new double[] {7, 0}, 2, 1), 0.0);
        assertThrows(IllegalArgumentException.class,
                () -> SampleDistance.localBandwidth(new double[] {2, 2}, 2, new double[] {2}, 1, 1));
    }

    /**
     * The jackknife error is what the estimates scatter by: 300 repetitions of 150 points of
     * N(0, I_2) against 150 of N((0.3, 0), I_2), the standard deviation of the 300 figures
     * within 20 % of the errors' root mean square (the spread of a standard deviation from
     * 300 draws is about 4 %).
     */
    @Test
    void standardErrorsMatchTheScatter() {
        SplittableRandom random = new SplittableRandom(31);
        int reps = 300;
        double[][] figures = new double[2][reps];
        double[] meanSquareError = new double[2];
        for (int r = 0; r < reps; r++) {
            double[] a = gaussian(random, 150, 2, 0);
            double[] b = gaussian(random, 150, 2, 0.3);
            SampleDistance.Estimate mmd = SampleDistance.mmd2WithError(a, 150, b, 150, 2, 1.5);
            SampleDistance.Estimate energy = SampleDistance.energyDistanceWithError(a, 150, b, 150, 2);
            figures[0][r] = mmd.value();
            figures[1][r] = energy.value();
            meanSquareError[0] += mmd.standardError() * mmd.standardError() / reps;
            meanSquareError[1] += energy.standardError() * energy.standardError() / reps;
        }
        for (int k = 0; k < 2; k++) {
            double scatter = Math.sqrt(deviations(figures[k]) / (reps - 1));
            double ratio = scatter / Math.sqrt(meanSquareError[k]);
            assertTrue(Math.abs(ratio - 1) < 0.2, (k == 0 ? "mmd" : "energy distance") + ": scatter / error " + ratio);
        }
    }

    /**
     * The U-statistic over ordered pairs, leaving out x_skipX and y_skipY (-1: none); with
     * {@code k = -|x - y|} it is the energy distance.
     */
    private static double slow(double[] x, int m, double[] y, int n, java.util.function.DoubleBinaryOperator k,
            int skipX, int skipY) {
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        int mm = skipX >= 0 ? m - 1 : m;
        int nn = skipY >= 0 ? n - 1 : n;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                if (i != j && i != skipX && j != skipX) {
                    sxx += k.applyAsDouble(d2(x, i, x, j), 0);
                }
            }
            for (int j = 0; j < n; j++) {
                if (i != skipX && j != skipY) {
                    sxy += k.applyAsDouble(d2(x, i, y, j), 0);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j && i != skipY && j != skipY) {
                    syy += k.applyAsDouble(d2(y, i, y, j), 0);
                }
            }
        }
        return sxx / (mm * (mm - 1.0)) + syy / (nn * (nn - 1.0)) - 2 * sxy / ((double) mm * nn);
    }

    private static double d2(double[] a, int i, double[] b, int j) {
        double dx = a[2 * i] - b[2 * j];
        double dy = a[2 * i + 1] - b[2 * j + 1];
        return dx * dx + dy * dy;
    }

    private static double deviations(double[] v) {
        double mean = 0;
        for (double x : v) {
            mean += x / v.length;
        }
        double s = 0;
        for (double x : v) {
            s += (x - mean) * (x - mean);
        }
        return s;
    }

    private static double[] gaussian(SplittableRandom random, int n, int d, double shift) {
        double[] v = new double[n * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextGaussian() + (i % d == 0 ? shift : 0);
        }
        return v;
    }
}
