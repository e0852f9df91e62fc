package org.thermogen.runtime.rbm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.data.BarsAndStripesSource;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.model.Domain;

class BarsAndStripesSourceTest {

    /** A pattern is bars and stripes iff every row is constant or every column is. */
    private static boolean isBarsOrStripes(double[] image, int size) {
        boolean rows = true;
        boolean cols = true;
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                rows &= image[i * size + j] == image[i * size];
                cols &= image[i * size + j] == image[j];
            }
        }
        return rows || cols;
    }

    @Test
    void everyPatternIsDistinctAndEveryBarsOrStripesImageIsAPattern() {
        for (int size = 1; size <= 4; size++) {
            BarsAndStripesSource s = BarsAndStripesSource.builder().size(size).build();
            assertEquals((1 << (size + 1)) - 2, s.patterns());
            Set<String> seen = new HashSet<>();
            double[] image = new double[size * size];
            for (int p = 0; p < s.patterns(); p++) {
                s.pattern(p, image);
                assertTrue(isBarsOrStripes(image, size), Arrays.toString(image));
                seen.add(Arrays.toString(image));
            }
            assertEquals(s.patterns(), seen.size(), "distinct");
            // Conversely, count every image of the kind by brute force over all 2^(size^2) images.
            int kinds = 0;
            for (int bits = 0; bits < 1 << (size * size); bits++) {
                for (int k = 0; k < size * size; k++) {
                    image[k] = bits >>> k & 1;
                }
                kinds += isBarsOrStripes(image, size) ? 1 : 0;
            }
            assertEquals(s.patterns(), kinds);
        }
    }

    /**
     * 30 patterns of 4x4, 30 000 rows: each count is binomial with mean 1000 and deviation
     * about 31; five deviations (155) is a safe bound that a wrong (non-uniform) mapping of
     * indices to patterns, such as counting blank and full twice, breaks.
     */
    @Test
    void rowsAreUniformOverThePatternsAndReproducible() {
        BarsAndStripesSource s = BarsAndStripesSource.builder().size(4).n(30_000).seed(9).build();
        Dataset d = s.read(Path.of(""), "B");
        assertEquals(16, d.columns());
        int[] counts = new int[30];
        double[] image = new double[16];
        for (int r = 0; r < d.rows(); r++) {
            counts[d.labels()[r]]++;
            s.pattern(d.labels()[r], image);
            double[] row = new double[16];
            d.row(r, row);
            assertArrayEquals(image, row);
        }
        for (int c : counts) {
            assertTrue(Math.abs(c - 1000) < 155, Arrays.toString(counts));
        }
        assertArrayEquals(d.values(), s.read(Path.of(""), "B").values());
    }

    @Test
    void spinPixelsSettingsAndDescription() {
        BarsAndStripesSource s = BarsAndStripesSource.builder().size(2).n(5).domain(Domain.SPIN).seed(3L).build();
        assertEquals("bars_and_stripes(size 2, n 5, domain spin, seed 3)", s.describe());
        assertEquals("bars_and_stripes(size 4, n 1000, domain binary, seed 0)", BarsAndStripesSource.builder().build().describe());
        for (double v : s.read(Path.of(""), "S").values()) {
            assertTrue(v == 1 || v == -1);
        }
        assertThrows(IllegalArgumentException.class, () -> BarsAndStripesSource.builder().size(0).build());
        assertThrows(IllegalArgumentException.class, () -> BarsAndStripesSource.builder().n(0).build());
        assertThrows(IllegalArgumentException.class, () -> BarsAndStripesSource.builder().domain(Domain.REAL).build());
    }
}
