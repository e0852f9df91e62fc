package org.thermogen.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GradientClippingTest {

    @Test
    void scalesALongGradientToTheMaxNormExactly() {
        double[] g = {3, 4};
        assertEquals(5.0, GradientClipping.clip(g, 1.0), 0);
        assertArrayEquals(new double[] {0.6, 0.8}, g, 1e-15);
        double[] r = new double[1000];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < r.length; i++) {
            r[i] = 100 * random.nextGaussian();
        }
        double[] before = r.clone();
        double norm = GradientClipping.clip(r, 2.5);
        assertEquals(2.5, GradientClipping.norm(r), 1e-14);
        for (int i = 0; i < r.length; i++) {
            assertEquals(before[i] * 2.5 / norm, r[i], 1e-15);
        }
    }

    @Test
    void leavesAShortGradientAlone() {
        double[] g = {0.3, -0.4};
        assertEquals(0.5, GradientClipping.clip(g, 0.5), 1e-16);
        assertArrayEquals(new double[] {0.3, -0.4}, g, 0);
    }

    @Test
    void normNeitherOverflowsNorUnderflows() {
        assertEquals(5e200, GradientClipping.norm(new double[] {3e200, 4e200}), 1e186);
        assertEquals(5e-200, GradientClipping.norm(new double[] {3e-200, 4e-200}), 1e-214);
    }

    @Test
    void clippedUpdaterClipsBeforeStepping() {
        double[] seen = new double[2];
        Updater u = GradientClipping.clipped((theta, grad, p) -> System.arraycopy(grad, 0, seen, 0, 2), 1.0);
        u.step(new double[2], new double[] {0, 10}, 0);
        assertArrayEquals(new double[] {0, 1}, seen, 0);
        assertThrows(IllegalArgumentException.class, () -> GradientClipping.clip(new double[1], 0));
    }
}
