package org.thermogen.run.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ScatterEllipseTest {

    private static int differing(BufferedImage a, BufferedImage b) {
        int n = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void ellipsesAreOutlinedOnTopOfThePoints() {
        // Points far out fix the axes, so that the pictures differ by the outlines alone.
        double[] x = {-4, 5};
        double[] y = {-4, 5};
        BufferedImage plain = ScatterPlot.builder().equalAspect(true).points("p", x, y).build().render();
        BufferedImage one = ScatterPlot.builder().equalAspect(true).points("p", x, y).ellipse(0.5, 0.5, 1, 0.5, 1, 1)
                .build().render();
        BufferedImage two = ScatterPlot.builder().equalAspect(true).points("p", x, y)
                .ellipse(0.5, 0.5, 1, 0.5, 1, 2, 1).build().render();
        // The 1-sigma outline is about 2 pi 0.85 units ~ 300 pixels long at this scale, two pixels wide
        // with antialiasing; the dashed 2-sigma one is twice as long and 60% inked.
        int first = differing(plain, one);
        int both = differing(plain, two);
        assertTrue(first > 500, first + " pixels changed");
        assertTrue(both > first + 500, both + " vs " + first);
        assertEquals(0xFFFFFF, one.getRGB(0, 0) & 0xFFFFFF);
    }

    @Test
    void badEllipsesAreRefused() {
        ScatterPlot.Builder b = ScatterPlot.builder();
        assertEquals("an ellipse needs a positive definite covariance, not [[1.0, 2.0], [2.0, 1.0]]",
                assertThrows(IllegalArgumentException.class, () -> b.ellipse(0, 0, 1, 2, 1, 1)).getMessage());
        assertEquals("ellipse radii must be positive and finite, not -1.0",
                assertThrows(IllegalArgumentException.class, () -> b.ellipse(0, 0, 1, 0, 1, -1)).getMessage());
        assertEquals("an ellipse needs at least one radius, such as 1 and 2",
                assertThrows(IllegalArgumentException.class, () -> b.ellipse(0, 0, 1, 0, 1)).getMessage());
        assertEquals("an ellipse needs a finite centre, not (NaN, 0.0)",
                assertThrows(IllegalArgumentException.class, () -> b.ellipse(Double.NaN, 0, 1, 0, 1, 1)).getMessage());
    }
}
