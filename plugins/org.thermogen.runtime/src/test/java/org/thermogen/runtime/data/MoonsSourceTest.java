package org.thermogen.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MoonsSourceTest {

    /** Without noise every point lies on its half circle: radius 1 about (0, 0) above, about (1, 1/2) below. */
    @Test
    void noiselessPointsLieOnTheirHalfCircles() {
        Dataset moons = MoonsSource.builder().n(501).noise(0).seed(5).build().read(Path.of(""), "Moons");
        assertEquals(501, moons.rows());
        assertEquals(2, moons.columns());
        int first = 0;
        for (int i = 0; i < 501; i++) {
            double x = moons.get(i, 0);
            double y = moons.get(i, 1);
            assertEquals(i % 2, moons.labels()[i]);
            if (i % 2 == 0) {
                first++;
                assertEquals(1.0, x * x + y * y, 1e-12);
                assertTrue(y >= 0);
            } else {
                assertEquals(1.0, (x - 1) * (x - 1) + (y - 0.5) * (y - 0.5), 1e-12);
                assertTrue(y <= 0.5);
            }
        }
        assertEquals(251, first);
    }

    /**
     * Uniform angles: E cos a = 0 and E sin a = 2/pi, so the mean is (1/2, 1/4) exactly (the
     * moons' sin terms cancel). 20 000 points with noise 0.1: the standard errors are below
     * sqrt(0.6 / 20000) = 0.0055 per coordinate; allow 4 of them.
     */
    @Test
    void meanIsHalfAndQuarter() {
        Dataset moons = MoonsSource.builder().n(20_000).seed(1).build().read(Path.of(""), "Moons");
        double mx = 0;
        double my = 0;
        for (int i = 0; i < moons.rows(); i++) {
            mx += moons.get(i, 0);
            my += moons.get(i, 1);
        }
        assertEquals(0.5, mx / moons.rows(), 0.022);
        assertEquals(0.25, my / moons.rows(), 0.022);
    }

    @Test
    void seededDescribedAndValidated() {
        MoonsSource source = MoonsSource.builder().n(10).noise(0.05).seed(3).build();
        assertArrayEquals(source.read(Path.of(""), "A").values(), source.read(Path.of(""), "B").values(), 0.0);
        assertEquals("moons(n 10, noise 0.05, seed 3)", source.describe());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MoonsSource.builder().noise(-1).build());
        assertEquals("moons noise must be a finite number 0 or more, not -1.0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MoonsSource.builder().n(0).build());
    }
}
