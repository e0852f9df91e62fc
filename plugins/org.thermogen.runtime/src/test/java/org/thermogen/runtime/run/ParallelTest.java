package org.thermogen.runtime.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/** The ranges every caller deals chains, runs and rows out in. */
class ParallelTest {

    /**
     * Each item falls in exactly one range, ranges in order and as even as can be (sizes differ
     * by at most one), the same with a pool or without.
     */
    @Test
    void rangesCoverEveryItemOnceAsEvenAsCanBe() {
        ForkJoinPool pool = new ForkJoinPool(3);
        try {
            for (int count : new int[] {0, 1, 7, 64, 1001}) {
                for (int pieces : new int[] {1, 3, 8, 64}) {
                    int[] here = new int[count];
                    int[] pooled = new int[count];
                    int[][] bounds = new int[pieces][];
                    Parallel.forRanges(null, count, pieces, (p, from, to) -> {
                        bounds[p] = new int[] {from, to};
                        for (int i = from; i < to; i++) {
                            here[i] += p + 1;
                        }
                    });
                    Parallel.forRanges(pool, count, pieces, (p, from, to) -> {
                        for (int i = from; i < to; i++) {
                            pooled[i] += p + 1;
                        }
                    });
                    assertArrayEquals(here, pooled);
                    int at = 0;
                    for (int p = 0; p < pieces; p++) {
                        assertEquals(at, bounds[p][0], count + " in " + pieces);
                        assertEquals(Parallel.start(count, p + 1, pieces), bounds[p][1]);
                        int size = bounds[p][1] - bounds[p][0];
                        assertTrue(size == count / pieces || size == count / pieces + 1, count + " in " + pieces);
                        at = bounds[p][1];
                    }
                    assertEquals(count, at);
                    for (int v : here) {
                        assertTrue(v > 0, "an item in no range");
                    }
                }
            }
            // No overflow where count * pieces passes an int.
            assertEquals(1_500_000_000, Parallel.start(2_000_000_000, 3, 4));
        } finally {
            pool.shutdown();
        }
    }
}
