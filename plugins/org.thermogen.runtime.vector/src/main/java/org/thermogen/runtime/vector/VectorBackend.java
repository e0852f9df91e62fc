package org.thermogen.runtime.vector;

import org.thermogen.runtime.compute.DenseKernels;

/**
 * The service provider of the Vector API kernels. It names no Vector API type itself, so it
 * loads on any Java 21; without the incubator module in the boot layer it refuses in words
 * that say what to pass, and {@link org.thermogen.runtime.compute.Backend} falls back to
 * the scalar kernels.
 */
public final class VectorBackend implements DenseKernels {
    private final DenseKernels kernels;

    /**
     * @throws UnsupportedOperationException if the JVM was started without
     *                                       {@code --add-modules jdk.incubator.vector}
     */
    public VectorBackend() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            throw new UnsupportedOperationException("the Vector API needs Java started with --add-modules"
                    + " jdk.incubator.vector");
        }
        kernels = new VectorKernels();
    }

    @Override
    public String name() {
        return kernels.name();
    }

    @Override
    public void affine(int rows, int nIn, int nOut, float[] x, float[] w, int wOff, int bOff, float[] z) {
        kernels.affine(rows, nIn, nOut, x, w, wOff, bOff, z);
    }

    @Override
    public void accumulateGradients(int rows, int nIn, int nOut, float[] x, float[] d, float[] g, int wOff, int bOff) {
        kernels.accumulateGradients(rows, nIn, nOut, x, d, g, wOff, bOff);
    }

    @Override
    public void inputGradient(int rows, int nIn, int nOut, float[] d, float[] wt, int wtOff, float[] dx) {
        kernels.inputGradient(rows, nIn, nOut, d, wt, wtOff, dx);
    }

    @Override
    public void relu(float[] z, float[] a, int from, int to) {
        kernels.relu(z, a, from, to);
    }

    @Override
    public void reluGradient(float[] z, float[] d, int n) {
        kernels.reluGradient(z, d, n);
    }

    @Override
    public void silu(float[] z, float[] a, int from, int to) {
        kernels.silu(z, a, from, to);
    }

    @Override
    public void siluGradient(float[] z, float[] d, int n) {
        kernels.siluGradient(z, d, n);
    }

    @Override
    public void addLowerProducts(int d, int n, double[] w, double[] u, int stride, double[] out, int o) {
        kernels.addLowerProducts(d, n, w, u, stride, out, o);
    }

    @Override
    public void sigmoid(float[] z, float[] a, int from, int to) {
        kernels.sigmoid(z, a, from, to);
    }

    @Override
    public void sigmoid(double[] x, double[] out, int n) {
        kernels.sigmoid(x, out, n);
    }

    @Override
    public double productOfAffine(double[] a, double[] b, double[] p, int n) {
        return kernels.productOfAffine(a, b, p, n);
    }

    @Override
    public double productOfPairs(double[] a, double[] p, double[] b, double[] q, int n) {
        return kernels.productOfPairs(a, p, b, q, n);
    }

    @Override
    public long heatBathFour(long[] words, int[] neighbours, int base, int stride, int from, int to, long[] levels,
            long[] certain, long laneMask, long[] state) {
        return kernels.heatBathFour(words, neighbours, base, stride, from, to, levels, certain, laneMask, state);
    }

    @Override
    public String toString() {
        return kernels.toString();
    }
}
