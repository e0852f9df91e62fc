package org.thermogen.runtime.energy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.model.Domain;

class BipartiteEnergyTest {

    /**
     * A block of pairs added at once is the same sums, bit for bit, as its elements added one by
     * one with {@code addPair}, whether the block spans whole rows (one contiguous run) or part of
     * them; its adjoint reads the same elements back.
     */
    @Test
    void aBlockIsItsElementsOneByOne() {
        SplittableRandom r = new SplittableRandom(5);
        double[] theta = new double[200];
        for (int k = 0; k < theta.length; k++) {
            theta[k] = r.nextGaussian();
        }
        int[][] blocks = {{0, 0, 7, 11}, {2, 3, 4, 5}, {6, 10, 1, 1}, {0, 0, 0, 3}};
        for (int[] b : blocks) {
            BipartiteEnergy bulk = new BipartiteEnergy(7, 11, Domain.BINARY, Domain.BINARY);
            BipartiteEnergy single = new BipartiteEnergy(7, 11, Domain.BINARY, Domain.BINARY);
            for (int i = 0; i < 7; i++) {
                for (int j = 0; j < 11; j++) {
                    double w = r.nextGaussian();
                    bulk.setPair(i, j, w);
                    single.setPair(i, j, w);
                }
            }
            bulk.addPairs(b[0], b[1], b[2], b[3], theta, 13, -0.7);
            for (int rr = 0; rr < b[2]; rr++) {
                for (int c = 0; c < b[3]; c++) {
                    single.addPair(b[0] + rr, b[1] + c, -0.7 * theta[13 + rr * b[3] + c]);
                }
            }
            assertArrayEquals(single.weights(), bulk.weights(), 0.0, java.util.Arrays.toString(b));

            double[] grad = theta.clone();
            double[] expected = theta.clone();
            bulk.addPairsAdjoint(b[0], b[1], b[2], b[3], 1.3, grad, 4);
            for (int rr = 0; rr < b[2]; rr++) {
                for (int c = 0; c < b[3]; c++) {
                    expected[4 + rr * b[3] + c] += 1.3 * bulk.pair(b[0] + rr, b[1] + c);
                }
            }
            assertArrayEquals(expected, grad, 0.0, java.util.Arrays.toString(b));
        }
    }

    @Test
    void aBlockBeyondTheUnitsIsRefused() {
        BipartiteEnergy e = new BipartiteEnergy(3, 4, Domain.BINARY, Domain.BINARY);
        IndexOutOfBoundsException x = assertThrows(IndexOutOfBoundsException.class,
                () -> e.addPairs(1, 1, 3, 2, new double[20], 0, 1.0));
        assertEquals("a block of 3 x 2 pairs at (1, 1) does not fit 3 x 4", x.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> e.addPairsAdjoint(0, 2, 1, 3, 1.0, new double[20], 0));
    }
}
