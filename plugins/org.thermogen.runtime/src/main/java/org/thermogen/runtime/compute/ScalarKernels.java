package org.thermogen.runtime.compute;

/**
 * The dense kernels in plain Java: what runs on Java 17, or when the Vector API is not
 * available. Rows go four at a time so that each weight loaded serves four rows; every
 * element still sums its terms in one fixed order, so a row's result does not depend on
 * its batch.
 */
public final class ScalarKernels implements DenseKernels {
    /** The one instance: the kernels keep no state. */
    public static final ScalarKernels INSTANCE = new ScalarKernels();

    private ScalarKernels() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void affine(int rows, int nIn, int nOut, float[] x, float[] w, int wOff, int bOff, float[] z) {
        for (int r = 0; r < rows; r++) {
            if (bOff >= 0) {
                System.arraycopy(w, bOff, z, r * nOut, nOut);
            } else {
                java.util.Arrays.fill(z, r * nOut, (r + 1) * nOut, 0f);
            }
        }
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            int o0 = r * nOut;
            int o1 = o0 + nOut;
            int o2 = o1 + nOut;
            int o3 = o2 + nOut;
            int x0 = r * nIn;
            for (int k = 0; k < nIn; k++) {
                float a0 = x[x0 + k];
                float a1 = x[x0 + nIn + k];
                float a2 = x[x0 + 2 * nIn + k];
                float a3 = x[x0 + 3 * nIn + k];
                int wk = wOff + k * nOut;
                for (int j = 0; j < nOut; j++) {
                    float wj = w[wk + j];
                    z[o0 + j] += a0 * wj;
                    z[o1 + j] += a1 * wj;
                    z[o2 + j] += a2 * wj;
                    z[o3 + j] += a3 * wj;
                }
            }
        }
        for (; r < rows; r++) {
            int o = r * nOut;
            int x0 = r * nIn;
            for (int k = 0; k < nIn; k++) {
                float a = x[x0 + k];
                int wk = wOff + k * nOut;
                for (int j = 0; j < nOut; j++) {
                    z[o + j] += a * w[wk + j];
                }
            }
        }
    }

    @Override
    public void accumulateGradients(int rows, int nIn, int nOut, float[] x, float[] d, float[] g, int wOff, int bOff) {
        for (int r = 0; r < rows; r++) {
            int o = r * nOut;
            for (int j = 0; j < nOut; j++) {
                g[bOff + j] += d[o + j];
            }
        }
        for (int r = 0; r < rows; r++) {
            int o = r * nOut;
            int x0 = r * nIn;
            for (int k = 0; k < nIn; k++) {
                float a = x[x0 + k];
                if (a == 0f) {
                    continue;   // relu zeros and blank pixels add nothing
                }
                int wk = wOff + k * nOut;
                for (int j = 0; j < nOut; j++) {
                    g[wk + j] += a * d[o + j];
                }
            }
        }
    }
}
