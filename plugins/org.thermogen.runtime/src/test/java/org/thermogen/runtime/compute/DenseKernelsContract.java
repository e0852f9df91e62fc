package org.thermogen.runtime.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.train.RowRandom;

/**
 * What every {@link DenseKernels} must do, checked against exact float64 sums of the same
 * float32 inputs: every kernel within float32 rounding, on shapes that exercise full SIMD
 * blocks, partial vectors and remainder rows; deterministic; each row independent of the
 * rows around it; nothing outside the result touched. A backend's test extends this class
 * and names its kernels.
 */
public abstract class DenseKernelsContract {

    /** The kernels under test. */
    protected abstract DenseKernels kernels();

    /**
     * Shapes (rows, nIn, nOut): vectors of 4, 8 and 16 floats, blocks of 4 and 8 rows, what is
     * left over, inputs long enough for a packed panel (more than 256) and for several (more
     * than 1024), and outputs wide enough (eight vectors) for the eight-row blocks, with and
     * without panels.
     */
    private static final int[][] SHAPES = {{1, 1, 1}, {3, 2, 5}, {4, 16, 32}, {7, 9, 33}, {9, 64, 128}, {13, 37, 70},
            {100, 16, 17}, {5, 130, 3}, {6, 300, 40}, {9, 600, 35}, {21, 40, 150}, {29, 300, 161}, {17, 1100, 70}};

    private static float[] random(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    /** |exact - actual| within float32 rounding of a sum of {@code terms} terms of these magnitudes. */
    private static void near(double exact, double magnitude, int terms, float actual, String what) {
        double tolerance = 4 * Math.ulp(1f) * (terms + 1) * Math.max(magnitude, 1e-30);
        assertEquals(exact, actual, tolerance, what);
    }

    @Test
    void affineIsTheProductPlusTheBiasWithinRounding() {
        SplittableRandom r = new SplittableRandom(1);
        for (int[] s : SHAPES) {
            int rows = s[0];
            int nIn = s[1];
            int nOut = s[2];
            int wOff = 3;
            float[] x = random(r, rows * nIn);
            float[] w = random(r, wOff + nIn * nOut + nOut + 2);
            int bOff = wOff + nIn * nOut;
            float[] z = random(r, rows * nOut + 5);
            float guard = z[rows * nOut];
            kernels().affine(rows, nIn, nOut, x, w, wOff, bOff, z);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < nOut; j++) {
                    double sum = w[bOff + j];
                    double magnitude = Math.abs(sum);
                    for (int k = 0; k < nIn; k++) {
                        sum += (double) x[i * nIn + k] * w[wOff + k * nOut + j];
                        magnitude += Math.abs((double) x[i * nIn + k] * w[wOff + k * nOut + j]);
                    }
                    near(sum, magnitude, nIn, z[i * nOut + j], "z[" + i + "," + j + "] of " + rows + "x" + nIn + "x" + nOut);
                }
            }
            assertEquals(guard, z[rows * nOut], "wrote past the result");
            // Without a bias (bOff < 0): the plain product.
            kernels().affine(rows, nIn, nOut, x, w, wOff, -1, z);
            for (int j = 0; j < nOut; j++) {
                double sum = 0;
                double magnitude = 0;
                for (int k = 0; k < nIn; k++) {
                    sum += (double) x[k] * w[wOff + k * nOut + j];
                    magnitude += Math.abs((double) x[k] * w[wOff + k * nOut + j]);
                }
                near(sum, magnitude, nIn, z[j], "unbiased z[0," + j + "]");
            }
        }
    }

    /** Dense inputs, then mostly zeros and ones (an RBM's binary units, which kernels may sum sparsely). */
    @Test
    void gradientsAreAddedToWhatIsThere() {
        gradientsAreAddedToWhatIsThere(false);
        gradientsAreAddedToWhatIsThere(true);
    }

    private void gradientsAreAddedToWhatIsThere(boolean binary) {
        SplittableRandom r = new SplittableRandom(2);
        for (int[] s : SHAPES) {
            int rows = s[0];
            int nIn = s[1];
            int nOut = s[2];
            int wOff = 1;
            int bOff = wOff + nIn * nOut;
            float[] x = random(r, rows * nIn);
            if (binary) {
                for (int i = 0; i < x.length; i++) {
                    x[i] = x[i] > 0.6f ? 1f : x[i] < -2f ? 0.5f : 0f;
                }
            }
            float[] d = random(r, rows * nOut);
            float[] g = random(r, bOff + nOut + 1);
            float[] before = g.clone();
            kernels().accumulateGradients(rows, nIn, nOut, x, d, g, wOff, bOff);
            assertEquals(before[0], g[0], "wrote before the weights");
            assertEquals(before[g.length - 1], g[g.length - 1], "wrote past the bias");
            for (int k = 0; k < nIn; k++) {
                for (int j = 0; j < nOut; j++) {
                    double sum = before[wOff + k * nOut + j];
                    double magnitude = Math.abs(sum);
                    for (int i = 0; i < rows; i++) {
                        sum += (double) x[i * nIn + k] * d[i * nOut + j];
                        magnitude += Math.abs((double) x[i * nIn + k] * d[i * nOut + j]);
                    }
                    near(sum, magnitude, rows + 1, g[wOff + k * nOut + j], "dW[" + k + "," + j + "]");
                }
            }
            for (int j = 0; j < nOut; j++) {
                double sum = before[bOff + j];
                double magnitude = Math.abs(sum);
                for (int i = 0; i < rows; i++) {
                    sum += d[i * nOut + j];
                    magnitude += Math.abs(d[i * nOut + j]);
                }
                near(sum, magnitude, rows + 1, g[bOff + j], "db[" + j + "]");
            }
        }
    }

    @Test
    void inputGradientIsTheProductWithTheTransposedWeights() {
        SplittableRandom r = new SplittableRandom(3);
        for (int[] s : SHAPES) {
            int rows = s[0];
            int nIn = s[1];
            int nOut = s[2];
            float[] d = random(r, rows * nOut);
            float[] wt = random(r, 2 + nOut * nIn);
            float[] dx = new float[rows * nIn];
            kernels().inputGradient(rows, nIn, nOut, d, wt, 2, dx);
            for (int i = 0; i < rows; i++) {
                for (int k = 0; k < nIn; k++) {
                    double sum = 0;
                    double magnitude = 0;
                    for (int j = 0; j < nOut; j++) {
                        sum += (double) d[i * nOut + j] * wt[2 + j * nIn + k];
                        magnitude += Math.abs((double) d[i * nOut + j] * wt[2 + j * nIn + k]);
                    }
                    near(sum, magnitude, nOut, dx[i * nIn + k], "dx[" + i + "," + k + "]");
                }
            }
        }
    }

    @Test
    void sameInputsSameBitsAndEachRowIndependentOfItsBatch() {
        sameBitsAndRowsIndependent(37);
        sameBitsAndRowsIndependent(531);   // summed in panels
    }

    private void sameBitsAndRowsIndependent(int nIn) {
        SplittableRandom r = new SplittableRandom(4);
        int rows = 11;
        int nOut = 45;
        float[] x = random(r, rows * nIn);
        float[] w = random(r, nIn * nOut + nOut);
        float[] z = new float[rows * nOut];
        float[] again = new float[rows * nOut];
        // Many calls, so that a JIT compiles the kernels between the first and the last.
        for (int call = 0; call < 2000; call++) {
            kernels().affine(rows, nIn, nOut, x, w, 0, nIn * nOut, call == 0 ? z : again);
        }
        assertArrayEquals(z, again, "the first call and the 2000th");
        float[] one = new float[nOut];
        for (int i = 0; i < rows; i++) {
            float[] row = java.util.Arrays.copyOfRange(x, i * nIn, (i + 1) * nIn);
            kernels().affine(1, nIn, nOut, row, w, 0, nIn * nOut, one);
            assertArrayEquals(java.util.Arrays.copyOfRange(z, i * nOut, (i + 1) * nOut), one, "row " + i + " alone");
        }
    }

    @Test
    void reluAndItsGradient() {
        float[] z = {-2f, 0f, 3f, -0f, Float.NaN, 1e-30f, -1e-30f, 5f, -1f, 2f, 0.5f, -0.5f, 7f, -7f, 8f, -8f, 9f, -9f, 1f};
        float[] a = new float[z.length + 1];
        a[z.length] = 42f;
        kernels().relu(z, a, 1, z.length);
        assertEquals(0f, a[0], "before from");
        assertEquals(42f, a[z.length], "past to");
        for (int i = 1; i < z.length; i++) {
            assertEquals(Math.max(z[i], 0f), a[i], "relu(" + z[i] + ")");
        }
        float[] d = new float[z.length];
        java.util.Arrays.fill(d, 3f);
        kernels().reluGradient(z, d, z.length);
        for (int i = 0; i < z.length; i++) {
            assertEquals(z[i] > 0f ? 3f : 0f, d[i], "gradient through relu at " + z[i]);
        }
    }

    /** An element-wise float32 kernel on {@code [from, to)}: silu, sigmoid. */
    private interface ElementWise {
        void apply(float[] z, float[] a, int from, int to);
    }

    /** 203 inputs of either size, with 0 and the values where float32's exp over- and underflows. */
    private static float[] elementWiseInputs(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] z = new float[203];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) (r.nextGaussian() * (i % 3 == 0 ? 30 : 3));
        }
        z[0] = 0f;
        z[1] = -100f;
        z[2] = 100f;
        z[3] = 88.5f;
        z[4] = -88.5f;
        return z;
    }

    /** An element gives the same bits in a full vector or among the remainder, whatever the start. */
    private static void sameBitsWhereverAnElementFalls(String name, ElementWise kernel, float[] z, float[] a) {
        int n = z.length;
        for (int shift = 1; shift < 20; shift++) {
            float[] b = new float[n];
            kernel.apply(z, b, shift, n);
            for (int i = shift; i < n; i++) {
                assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), name + " at " + i + ", from " + shift);
            }
        }
    }

    @Test
    void siluAndItsGradientWithinAFewUlpsAndTheSameBitsWhereverAnElementFalls() {
        float[] z = elementWiseInputs(5);
        int n = z.length;
        float[] a = new float[n];
        kernels().silu(z, a, 0, n);
        float[] d = new float[n];
        java.util.Arrays.fill(d, 1f);
        kernels().siluGradient(z, d, n);
        for (int i = 0; i < n; i++) {
            double s = 1 / (1 + Math.exp(-(double) z[i]));
            double exact = z[i] * s;
            assertEquals(exact, a[i], 8 * Math.ulp((float) exact) + 1e-30, "silu(" + z[i] + ")");
            double slope = s + z[i] * s * (1 - s);
            // Far out (|z| > 87) exp over- or underflows float32: slopes of 1e-40 come out 0.
            assertEquals(slope, d[i], 8 * Math.ulp((float) Math.abs(slope)) + 2e-7 * Math.abs(z[i] * s * (1 - s)) + 1e-30,
                    "silu'(" + z[i] + ")");
        }
        sameBitsWhereverAnElementFalls("silu", kernels()::silu, z, a);
        float[] tail = java.util.Arrays.copyOfRange(z, n - 7, n);
        float[] dt = new float[7];
        java.util.Arrays.fill(dt, 1f);
        kernels().siluGradient(tail, dt, 7);
        for (int i = 0; i < 7; i++) {
            assertEquals(Float.floatToRawIntBits(d[n - 7 + i]), Float.floatToRawIntBits(dt[i]), "silu' at " + (n - 7 + i));
        }
    }

    @Test
    void lowerProductsAreAddedWithinFloat64Rounding() {
        SplittableRandom r = new SplittableRandom(6);
        for (int[] shape : new int[][] {{1, 1}, {3, 5}, {10, 128}, {7, 97}, {10, 3}}) {
            int d = shape[0];
            int n = shape[1];
            int stride = n + 5;
            double[] w = new double[d * stride];
            double[] u = new double[d * stride];
            for (int i = 0; i < w.length; i++) {
                w[i] = r.nextGaussian();
                u[i] = r.nextGaussian();
            }
            int tri = d * (d + 1) / 2;
            double[] out = new double[2 + tri + 1];
            for (int i = 0; i < out.length; i++) {
                out[i] = r.nextGaussian();
            }
            double[] before = out.clone();
            kernels().addLowerProducts(d, n, w, u, stride, out, 2);
            assertEquals(before[0], out[0]);
            assertEquals(before[out.length - 1], out[out.length - 1]);
            int t = 2;
            for (int a = 0; a < d; a++) {
                for (int b = 0; b <= a; b++) {
                    java.math.BigDecimal exact = new java.math.BigDecimal(before[t + b]);
                    double magnitude = Math.abs(before[t + b]);
                    for (int k = 0; k < n; k++) {
                        exact = exact.add(new java.math.BigDecimal(w[a * stride + k]).multiply(
                                new java.math.BigDecimal(u[b * stride + k])));
                        magnitude += Math.abs(w[a * stride + k] * u[b * stride + k]);
                    }
                    assertEquals(exact.doubleValue(), out[t + b], 4 * Math.ulp(1.0) * (n + 1) * magnitude,
                            "entry " + a + "," + b + " of " + d + " x " + n);
                }
                t += a + 1;
            }
            double[] again = before.clone();
            kernels().addLowerProducts(d, n, w, u, stride, again, 2);
            assertArrayEquals(out, again, "the same bits on every call");
        }
    }

    @Test
    void sigmoidInFloat32WithinAFewUlpsAndTheSameBitsWhereverAnElementFalls() {
        float[] z = elementWiseInputs(8);
        int n = z.length;
        float[] a = new float[n];
        kernels().sigmoid(z, a, 0, n);
        for (int i = 0; i < n; i++) {
            double exact = 1 / (1 + Math.exp(-(double) z[i]));
            // Below -87.3 exp(-z) is clamped in float32: sigmoid 1e-38 instead of 1e-44.
            assertEquals(exact, a[i], 8 * Math.ulp((float) exact) + 2e-38, "sigmoid(" + z[i] + ")");
            assertTrue(a[i] >= 0f && a[i] <= 1f, "sigmoid(" + z[i] + ") = " + a[i] + " is a probability");
        }
        sameBitsWhereverAnElementFalls("sigmoid", kernels()::sigmoid, z, a);
    }

    @Test
    void sigmoidInFloat64WithinAFewUlpsAndTheSameBitsWhereverAnElementFalls() {
        SplittableRandom r = new SplittableRandom(7);
        int n = 61;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextGaussian() * (i % 4 == 0 ? 200 : 4);
        }
        x[0] = 0;
        x[1] = 745;
        x[2] = -745;
        x[3] = 36.7;
        x[4] = -36.7;
        x[5] = 1e-300;
        double[] out = new double[n];
        kernels().sigmoid(x, out, n);
        for (int i = 0; i < n; i++) {
            double exact = 1.0 / (1.0 + Math.exp(-x[i]));
            // Beyond |x| of 708 exp is clamped: sigmoid 1e-308 instead of 0.
            assertEquals(exact, out[i], 4 * Math.ulp(exact) + 1e-300, "sigmoid(" + x[i] + ")");
        }
        for (int shift = 1; shift < 10; shift++) {
            double[] part = java.util.Arrays.copyOfRange(x, shift, n);
            double[] got = new double[part.length];
            kernels().sigmoid(part, got, part.length);
            for (int i = 0; i < part.length; i++) {
                assertEquals(Double.doubleToRawLongBits(out[shift + i]), Double.doubleToRawLongBits(got[i]),
                        "element " + (shift + i) + " shifted by " + shift);
            }
        }
    }

    @Test
    void expOfMinusAbsWithinAFewUlpsAndTheSameBitsWhereverAnElementFalls() {
        SplittableRandom r = new SplittableRandom(9);
        int n = 61;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextGaussian() * (i % 4 == 0 ? 200 : 4);
        }
        x[0] = 0;
        x[1] = -0.0;
        x[2] = 300;
        x[3] = -300;
        for (double s : new double[] {1, 2}) {
            double[] out = new double[n];
            kernels().expOfMinusAbs(x, s, out, n);
            for (int i = 0; i < n; i++) {
                double exact = Math.exp(-s * Math.abs(x[i]));
                // Beyond 708 exp is clamped: 1e-308 instead of 0.
                assertEquals(exact, out[i], 4 * Math.ulp(exact) + 1e-300, "exp(-" + s + " |" + x[i] + "|)");
            }
            for (int shift = 1; shift < 10; shift++) {
                double[] part = java.util.Arrays.copyOfRange(x, shift, n);
                double[] got = new double[part.length];
                kernels().expOfMinusAbs(part, s, got, part.length);
                for (int i = 0; i < part.length; i++) {
                    assertEquals(Double.doubleToRawLongBits(out[shift + i]), Double.doubleToRawLongBits(got[i]),
                            "element " + (shift + i) + " shifted by " + shift);
                }
            }
        }
    }

    /**
     * Against {@link Math#log1p} and {@link Math#exp} (fdlibm, within an ulp): the terms within
     * a few ulps of the larger of {@code |x l|} and softplus (their difference is as exact as
     * its two rounded parts allow), {@code -log1p(exp(-|l|))} itself within a few ulps where
     * {@code x} is 0 and {@code l} negative, the means within a few ulps.
     */
    @Test
    void bernoulliFromLogitsWithinAFewUlpsAndTheSameBitsWhereverAnElementFalls() {
        SplittableRandom r = new SplittableRandom(11);
        int n = 203;
        double[] l = new double[n];
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            l[i] = r.nextGaussian() * (i % 5 == 0 ? 60 : i % 5 == 1 ? 1e-6 : 5);
            x[i] = i % 3 == 0 ? 0 : i % 3 == 1 ? 1 : r.nextDouble();
        }
        double[] special = {0, -0.0, 745, -745, 36.7, -36.7, 1e-300, -1e-300, 0.34657359027997264,
            -0.34657359027997264, 0.881373587019543, -0.881373587019543, 40, -40, 1e-17, -1e-17};
        System.arraycopy(special, 0, l, 0, special.length);
        double[] ll = new double[n];
        double[] mean = new double[n];
        kernels().bernoulliFromLogits(x, l, ll, mean, n);
        for (int i = 0; i < n; i++) {
            double log1p = Math.log1p(Math.exp(-Math.abs(l[i])));
            double softplus = Math.max(l[i], 0) + log1p;
            double exact = x[i] * l[i] - softplus;
            double scale = Math.max(Math.abs(x[i] * l[i]), softplus);
            assertEquals(exact, ll[i], 4 * Math.ulp(scale) + 1e-300, "term of x " + x[i] + ", logit " + l[i]);
            if (x[i] == 0 && l[i] < 0) {
                assertEquals(-log1p, ll[i], 4 * Math.ulp(log1p) + 1e-300, "-log1p(exp(" + l[i] + "))");
            }
            double sigmoid = 1 / (1 + Math.exp(-l[i]));
            // Beyond |l| of 708 exp is clamped: a mean of 1e-308 instead of 0.
            assertEquals(sigmoid, mean[i], 4 * Math.ulp(sigmoid) + 1e-300, "sigmoid(" + l[i] + ")");
        }
        for (int shift = 1; shift < 10; shift++) {
            int m = n - shift;
            double[] gotLl = new double[m];
            double[] gotMean = new double[m];
            kernels().bernoulliFromLogits(java.util.Arrays.copyOfRange(x, shift, n),
                    java.util.Arrays.copyOfRange(l, shift, n), gotLl, gotMean, m);
            for (int i = 0; i < m; i++) {
                assertEquals(Double.doubleToRawLongBits(ll[shift + i]), Double.doubleToRawLongBits(gotLl[i]),
                        "term " + (shift + i) + " shifted by " + shift);
                assertEquals(Double.doubleToRawLongBits(mean[shift + i]), Double.doubleToRawLongBits(gotMean[i]),
                        "mean " + (shift + i) + " shifted by " + shift);
            }
        }
    }

    /** A transposed copy, whole 16 x 16 tiles and ragged edges alike, nothing written outside it. */
    @Test
    void transposeCopiesEveryElementAcross() {
        SplittableRandom r = new SplittableRandom(37);
        int[][] shapes = {{1, 1}, {3, 5}, {16, 16}, {17, 16}, {16, 33}, {64, 100}, {100, 64}, {128, 64}, {37, 250}};
        for (int[] shape : shapes) {
            int rows = shape[0];
            int cols = shape[1];
            float[] a = random(r, rows * cols + 7);
            float[] t = new float[rows * cols + 9];
            java.util.Arrays.fill(t, -3f);
            kernels().transpose(rows, cols, a, 7, t, 4);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    assertEquals(a[7 + i * cols + j], t[4 + j * rows + i], rows + " x " + cols + " at " + i + ", " + j);
                }
            }
            for (int k = 0; k < 4; k++) {
                assertEquals(-3f, t[k], "wrote before the result");
            }
            for (int k = 4 + rows * cols; k < t.length; k++) {
                assertEquals(-3f, t[k], "wrote past the result");
            }
        }
    }

    /**
     * Bernoulli draws from a counter stream: the units of a row a {@code RowRandom} would draw
     * one after another ({@code nextDouble() < mean}), for lengths around the SIMD width and
     * means of 0, 1 and in between; the stream continues after them where it would have.
     */
    @Test
    void drawsAreTheStreamsDrawsOneByOne() {
        DenseKernels k = kernels();
        SplittableRandom r = new SplittableRandom(31);
        for (int n : new int[] {0, 1, 7, 8, 9, 16, 64, 100, 103}) {
            float[] p = new float[n + 4];
            for (int u = 0; u < p.length; u++) {
                p[u] = u % 7 == 0 ? 0f : u % 11 == 0 ? 1f : (float) r.nextDouble();
            }
            long seed = r.nextLong();
            RowRandom bulk = new RowRandom();
            RowRandom single = new RowRandom();
            bulk.reset(seed, n);
            single.reset(seed, n);
            float[] out = new float[n + 6];
            float[] expected = new float[n + 6];
            java.util.Arrays.fill(out, 5f);
            java.util.Arrays.fill(expected, 5f);
            k.drawBelow(bulk.skip(n), p, 3, out, 2, n);
            for (int u = 0; u < n; u++) {
                expected[2 + u] = single.nextDouble() < p[3 + u] ? 1f : 0f;
            }
            assertArrayEquals(expected, out, "n " + n);
            assertEquals(single.nextLong(), bulk.nextLong(), "n " + n);
        }
    }

    /**
     * {@code y += a x} on offsets into two arrays or one: the scalar loop's bits (one multiply,
     * one add per element) for every length around the SIMD width, and, when {@code y} starts
     * inside {@code x} after it, the values the in-order loop leaves.
     */
    @Test
    void axpyIsTheScalarLoopsBits() {
        DenseKernels k = kernels();
        SplittableRandom r = new SplittableRandom(23);
        for (int n : new int[] {0, 1, 7, 8, 9, 16, 100, 6400}) {
            double[] x = new double[n + 5];
            double[] y = new double[n + 3];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextGaussian();
            }
            for (int i = 0; i < y.length; i++) {
                y[i] = r.nextGaussian();
            }
            double a = r.nextGaussian();
            double[] expected = y.clone();
            for (int i = 0; i < n; i++) {
                expected[2 + i] += a * x[5 + i];
            }
            k.axpy(n, a, x, 5, y, 2);
            assertArrayEquals(expected, y, 0.0, "n " + n);
            // One array, y three elements after x: each element sees the ones written before it.
            double[] one = x.clone();
            double[] inOrder = x.clone();
            int m = Math.max(0, n - 3);
            for (int i = 0; i < m; i++) {
                inOrder[3 + i] += a * inOrder[i];
            }
            k.axpy(m, a, one, 0, one, 3);
            assertArrayEquals(inOrder, one, 0.0, "overlapping, n " + n);
        }
    }

    /**
     * The pseudo-likelihood's products of ratios: within rounding of the exact product (each
     * of n factors and n products rounded once), and the bits of the scalar default whatever
     * the length (full SIMD blocks, a tail, nothing at all).
     */
    @Test
    void productsOfRatiosAreTheScalarDefaultsBits() {
        DenseKernels k = kernels();
        DenseKernels reference = ScalarKernels.INSTANCE;
        SplittableRandom r = new SplittableRandom(17);
        for (int n : new int[] {0, 1, 5, 8, 9, 16, 100, 104, 257}) {
            double[] a = new double[n];
            double[] b = new double[n];
            double[] p = new double[n];
            double[] q = new double[n];
            double logAffine = 0;
            double logPairs = 0;
            for (int j = 0; j < n; j++) {
                a[j] = 0.2 + r.nextDouble();
                b[j] = 0.2 + r.nextDouble();
                p[j] = 0.5 + r.nextDouble();
                q[j] = 0.5 + r.nextDouble();
                logAffine += Math.log(a[j] + b[j] * p[j]);
                logPairs += Math.log(a[j] * p[j] + b[j] * q[j]);
            }
            double affine = k.productOfAffine(a, b, p, n);
            double pairs = k.productOfPairs(a, p, b, q, n);
            assertEquals(Double.doubleToLongBits(reference.productOfAffine(a, b, p, n)), Double.doubleToLongBits(affine),
                    "affine, n " + n);
            assertEquals(Double.doubleToLongBits(reference.productOfPairs(a, p, b, q, n)), Double.doubleToLongBits(pairs),
                    "pairs, n " + n);
            // Four rows at once: each the bits of its product alone (p, q, p and a row of a).
            double[] four = new double[32];
            k.productsOfAffine(a, b, p, q, p, a, n, four);
            double[][] rows = {p, q, p, a};
            for (int row = 0; row < 4; row++) {
                assertEquals(Double.doubleToLongBits(reference.productOfAffine(a, b, rows[row], n)),
                        Double.doubleToLongBits(four[row]), "four at once, row " + row + ", n " + n);
            }
            double tolerance = 4 * (n + 1) * Math.ulp(1.0);
            assertEquals(Math.exp(logAffine), affine, tolerance * (1 + n * 1e-3) * Math.exp(logAffine), "n " + n);
            assertEquals(Math.exp(logPairs), pairs, tolerance * (1 + n * 1e-3) * Math.exp(logPairs), "n " + n);
        }
    }
}
