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

    private static double[] gaussian(SplittableRandom random, int n, int d, double shift) {
        double[] v = new double[n * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextGaussian() + (i % d == 0 ? shift : 0);
        }
        return v;
    }
}
