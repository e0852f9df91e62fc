package org.thermogen.runtime.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.thermogen.runtime.compute.Backend;
import org.thermogen.runtime.compute.DenseKernels;
import org.thermogen.runtime.compute.DenseKernelsContract;

/** The Vector API kernels keep the contract, and the runtime picks them when they are on the class path. */
class VectorKernelsTest extends DenseKernelsContract {
    @Override
    protected DenseKernels kernels() {
        return new VectorBackend().kernels();
    }

    /**
     * Weight gradients take one fused multiply-add per input and row, rows in order, mostly
     * zero inputs or not: the bits of that loop. (Skipping the zero inputs, a row of dW per
     * nonzero one, gave the same bits but took 4.1 us a call against 2.6 for these shapes with
     * fresh inputs each call: the branches mispredict.)
     */
    @Test
    void gradientsAreFusedSumsInRowOrder() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(41);
        for (double on : new double[] {0.3, 0.9}) {
            int rows = 10;
            int nIn = 64;
            int nOut = 100;
            float[] x = new float[rows * nIn];
            float[] d = new float[rows * nOut];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextDouble() < on ? (i % 5 == 0 ? 0.25f : 1f) : 0f;
            }
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) r.nextGaussian();
            }
            float[] g = new float[nIn * nOut + nOut + 3];
            for (int i = 0; i < g.length; i++) {
                g[i] = (float) r.nextGaussian();
            }
            float[] expected = g.clone();
            for (int k = 0; k < nIn; k++) {
                for (int j = 0; j < nOut; j++) {
                    float acc = expected[1 + k * nOut + j];
                    for (int row = 0; row < rows; row++) {
                        float a = x[row * nIn + k];
                        acc = a == 0f ? acc : Math.fma(d[row * nOut + j], a, acc);
                    }
                    expected[1 + k * nOut + j] = acc;
                }
            }
            kernels().accumulateGradients(rows, nIn, nOut, x, d, g, 1, 1 + nIn * nOut);
            for (int k = 0; k < nIn * nOut; k++) {
                assertEquals(expected[1 + k], g[1 + k], "dW element " + k + ", a fraction " + on + " of inputs on");
            }
        }
    }

    @Test
    void theRuntimeChoosesThemByDefault() {
        assertEquals("vector", Backend.kernels().name());
        assertEquals("vector", Backend.describe());
    }
}
