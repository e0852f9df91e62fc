package org.thermogen.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SwissRollSourceTest {

    /** Without noise every point is (t cos t, t sin t) / 10 for a t in [1.5 pi, 4.5 pi]: its radius is t / 10. */
    @Test
    void noiselessPointsLieOnTheSpiral() {
        Dataset d = SwissRollSource.builder().n(500).noise(0).seed(4).build().read(Path.of(""), "Roll");
        assertEquals(500, d.rows());
        assertEquals(2, d.columns());
        for (int i = 0; i < d.rows(); i++) {
            double x = d.values()[2 * i];
            double y = d.values()[2 * i + 1];
            double t = 10 * Math.hypot(x, y);
            assertTrue(t >= 1.5 * Math.PI - 1e-9 && t <= 4.5 * Math.PI + 1e-9, "t " + t);
            assertEquals(t * Math.cos(t) / 10, x, 1e-12);
            assertEquals(t * Math.sin(t) / 10, y, 1e-12);
            assertEquals(t < 3 * Math.PI ? 0 : 1, d.labels()[i]);
        }
    }

    @Test
    void reproducibleAndChecked() {
        SwissRollSource s = SwissRollSource.builder().n(50).noise(0.1).seed(9).build();
        assertArrayEquals(s.read(Path.of(""), "A").values(), s.read(Path.of(""), "B").values());
        assertEquals("swiss_roll(n 50, noise 0.1, seed 9)", s.describe());
        assertThrows(IllegalArgumentException.class, () -> SwissRollSource.builder().n(0).build());
    }
}
