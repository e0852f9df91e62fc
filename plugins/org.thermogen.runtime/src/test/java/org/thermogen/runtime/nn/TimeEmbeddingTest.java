package org.thermogen.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TimeEmbeddingTest {

    @Test
    void sinesThenCosinesAtGeometricFrequencies() {
        // d = 4: frequencies 10000^0 = 1 and 10000^(-2/4) = 0.01
        double[] out = new double[5];
        new TimeEmbedding(4).embed(2.0, out, 1);
        assertArrayEquals(new double[] {0, Math.sin(2), Math.sin(0.02), Math.cos(2), Math.cos(0.02)}, out, 1e-15);
    }

    @Test
    void concatenatesTheEmbeddingAfterEachRow() {
        TimeEmbedding e = new TimeEmbedding(2);
        double[] out = new double[2 * 3];
        e.concat(new double[] {7, 8}, 1, new double[] {0, 0.5}, 2, out);
        assertArrayEquals(new double[] {7, 0, 1, 8, Math.sin(0.5), Math.cos(0.5)}, out, 1e-15);
    }

    @Test
    void oddDimensionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TimeEmbedding(3));
    }
}
