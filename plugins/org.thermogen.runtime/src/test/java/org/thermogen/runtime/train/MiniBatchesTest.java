package org.thermogen.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MiniBatchesTest {

    @Test
    void miniBatchesVisitEveryRowOncePerEpoch() {
        MiniBatches b = new MiniBatches(10, 4);
        b.shuffle(new SplittableRandom(3));
        assertEquals(3, b.count());
        assertEquals(2, b.size(2));
        boolean[] seen = new boolean[10];
        double[] values = new double[20];
        for (int i = 0; i < 20; i++) {
            values[i] = i;
        }
        double[] out = new double[8];
        for (int k = 0; k < b.count(); k++) {
            b.gather(values, 2, k, out);
            for (int i = 0; i < b.size(k); i++) {
                int row = b.row(k, i);
                assertEquals(2 * row, out[2 * i], 0);
                assertEquals(false, seen[row]);
                seen[row] = true;
            }
        }
        assertArrayEquals(new boolean[] {true, true, true, true, true, true, true, true, true, true}, seen);
    }
}
