package org.thermogen.runtime.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;
import org.thermogen.runtime.compute.DenseKernels;

/**
 * Dense float32 kernels in the widest vectors of the machine ({@code SPECIES_PREFERRED}: 16
 * floats with AVX-512, 8 with AVX2 or SVE-256, 4 with NEON).
 *
 * <p>The product is register-blocked: four rows by two vectors of columns are summed in eight
 * accumulators that stay in registers while {@code k} runs over the inputs, so each weight
 * vector loaded serves four rows and each input broadcast serves two vectors; for outputs of
 * eight vectors or more, eight rows by two vectors in sixteen accumulators, their inputs
 * packed so that a step's eight broadcasts come from one stream. Every element
 * is one chain of fused multiply-adds in the order {@code k = 0, 1, ...} (remainder rows and
 * columns, in masked vectors, compute the same chain), so results do not depend on the rows
 * around them, and are the same bits interpreted or compiled: no sum runs across lanes.
 */
final class VectorKernels implements DenseKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public String toString() {
        return "vector (" + L + " float lanes)";
    }

    /**
     * Inputs summed per pass over the output when there are more than {@link #KFULL}: a panel of
     * {@code KC} rows of W by two vectors of columns (32 KB with 16 lanes) stays in the cache
     * while every block of rows uses it. Also the most inputs of the small-layer path.
     */
    private static final int KC = 256;
    /**
     * Up to this many inputs, one panel holds them all: every output's sum is made in one call
     * of the micro-kernel, never stored and loaded between panels. Measured on the 1024 x 1024
     * product (AMD EPYC, AVX-512; GFLOP/s at 1 / 2 threads, two runs each): panels of 256
     * inputs 122-137 / 231-248, of 512 135-146 / 238-251, one panel of 1024 153-156 / 286-291;
     * 512 x 512: 139 / 170 with panels of 256, 148 / 222 with one. Beyond it, panels of 1024
     * made the 2048 product five times slower (the panel's rows of W, 8 KB apart, copied into
     * 128 KB), so longer sums keep panels of {@link #KC}.
     */
    private static final int KFULL = 1024;
    /** Each thread's buffer for a packed panel of W (up to {@link #KFULL} rows by two vectors): made once per thread. */
    private static final ThreadLocal<float[]> PANEL = ThreadLocal.withInitial(() -> new float[KFULL * 2 * L]);
    /** Rows per block of the wide-product kernel: eight rows by two vectors, sixteen accumulators. */
    private static final int MR = 8;
    /**
     * Each thread's buffer for the rows of x packed by blocks of {@link #MR} (for each k, the
     * block's eight inputs side by side), grown to the largest product seen.
     */
    private static final ThreadLocal<float[][]> ROWS = ThreadLocal.withInitial(() -> new float[1][0]);

    @Override
    public void affine(int rows, int nIn, int nOut, float[] x, float[] w, int wOff, int bOff, float[] z) {
        if (nIn == 0) {
            // No inputs: the bias alone (or zeros).
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < nOut; j++) {
                    z[r * nOut + j] = bOff < 0 ? 0f : w[bOff + j];
                }
            }
            return;
        }
        int blocks = rows / MR;
        if (nIn <= KC) {
            // Small layers (every network here): rows outside, so a block of rows of x stays in
            // the first-level cache while W streams past it once per block.
            int r = 0;
            if (nOut >= 8 * L) {
                // Wide outputs: eight rows at a time from x packed eight to a step; the copy (one per
                // input) costs a few percent against nOut / (2 L) cycles of products per input.
                float[] packed = packedRows(blocks, KC);
                packRows(x, nIn, blocks, 0, nIn, KC, packed);
                for (int b = 0; b < blocks; b++, r += MR) {
                    int j = 0;
                    for (; j + 2 * L <= nOut; j += 2 * L) {
                        affine8x2(r, j, nIn, true, nOut, packed, b * MR * KC, w, wOff + j, nOut, w, bOff, z);
                    }
                    for (; j < nOut; j += L) {
                        VectorMask<Float> m = S.indexInRange(j, nOut);
                        affine4x1(r, j, m, 0, nIn, true, nIn, nOut, x, w, wOff, bOff, z);
                        affine4x1(r + 4, j, m, 0, nIn, true, nIn, nOut, x, w, wOff, bOff, z);
                    }
                }
            }
            for (; r + 4 <= rows; r += 4) {
                int j = 0;
                for (; j + 2 * L <= nOut; j += 2 * L) {
                    affine4x2(r, j, 0, nIn, true, nIn, nOut, x, w, wOff + j, nOut, w, bOff, z);
                }
                for (; j < nOut; j += L) {
                    affine4x1(r, j, S.indexInRange(j, nOut), 0, nIn, true, nIn, nOut, x, w, wOff, bOff, z);
                }
            }
            for (; r < rows; r++) {
                // The last rows (a batch of 10: two) four or two vectors at a time: one vector's
                // chain of fused multiply-adds waits on each step's latency, four keep a unit busy.
                int j = 0;
                for (; j + 4 * L <= nOut; j += 4 * L) {
                    affine1x4(r, j, nIn, nOut, x, w, wOff, bOff, z);
                }
                for (; j + 2 * L <= nOut; j += 2 * L) {
                    affine1x2(r, j, nIn, nOut, x, w, wOff, bOff, z);
                }
                for (; j < nOut; j += L) {
                    affine1x1(r, j, S.indexInRange(j, nOut), 0, nIn, true, nIn, nOut, x, w, wOff, bOff, z);
                }
            }
            return;
        }
        int kc = nIn <= KFULL ? nIn : KC;
        float[] packed = packedRows(blocks, kc);
        // Each element is one chain of fused multiply-adds over k in order; between panels it
        // waits in z, stored and loaded exactly, so the blocking does not change any bit.
        float[] panel = PANEL.get();
        for (int k0 = 0; k0 < nIn; k0 += kc) {
            int k1 = Math.min(k0 + kc, nIn);
            boolean first = k0 == 0;
            packRows(x, nIn, blocks, k0, k1, kc, packed);
            int j = 0;
            for (; j + 2 * L <= nOut; j += 2 * L) {
                // The panel of W packed: rows of W lie nOut floats apart, which for widths of a
                // power of two puts them in the same cache sets (1024 x 1024: 0.41x NumPy before).
                for (int k = k0; k < k1; k++) {
                    System.arraycopy(w, wOff + k * nOut + j, panel, (k - k0) * 2 * L, 2 * L);
                }
                int r = 0;
                for (int b = 0; b < blocks; b++, r += MR) {
                    affine8x2(r, j, k1 - k0, first, nOut, packed, b * MR * kc, panel, 0, 2 * L, w, bOff, z);
                }
                for (; r + 4 <= rows; r += 4) {
                    affine4x2(r, j, k0, k1, first, nIn, nOut, x, panel, -k0 * 2 * L, 2 * L, w, bOff, z);
                }
                for (; r < rows; r++) {
                    affine1x1(r, j, S.maskAll(true), k0, k1, first, nIn, nOut, x, w, wOff, bOff, z);
                    affine1x1(r, j + L, S.maskAll(true), k0, k1, first, nIn, nOut, x, w, wOff, bOff, z);
                }
            }
            for (; j < nOut; j += L) {
                VectorMask<Float> m = S.indexInRange(j, nOut);
                int r = 0;
                for (; r + 4 <= rows; r += 4) {
                    affine4x1(r, j, m, k0, k1, first, nIn, nOut, x, w, wOff, bOff, z);
                }
                for (; r < rows; r++) {
                    affine1x1(r, j, m, k0, k1, first, nIn, nOut, x, w, wOff, bOff, z);
                }
            }
        }
    }

    /** This thread's buffer for {@code blocks} blocks of {@code kc} packed inputs, grown when a product needs more. */
    private static float[] packedRows(int blocks, int kc) {
        float[][] holder = ROWS.get();
        if (holder[0].length < blocks * MR * kc) {
            holder[0] = new float[blocks * MR * kc];
        }
        return holder[0];
    }

    /**
     * Inputs {@code k0..k1} of the first {@code blocks * MR} rows of x, by blocks of eight
     * ({@code MR * kc} floats apart), interleaved so that a block's eight broadcasts at step k
     * are neighbours: one stream per block instead of eight.
     */
    private static void packRows(float[] x, int nIn, int blocks, int k0, int k1, int kc, float[] packed) {
        for (int b = 0; b < blocks; b++) {
            int base = b * MR * kc;
            for (int i = 0; i < MR; i++) {
                int row = (b * MR + i) * nIn;
                for (int k = k0; k < k1; k++) {
                    packed[base + (k - k0) * MR + i] = x[row + k];
                }
            }
        }
    }

    /** Where a chain starts: the bias (or zero) in the first panel, what the last panel left in z after. */
    private static FloatVector start(boolean first, float[] w, int bOff, int j, float[] z, int o, VectorMask<Float> m) {
        if (!first) {
            return FloatVector.fromArray(S, z, o, m);
        }
        return bOff < 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, w, bOff + j, m);
    }

    /**
     * Four rows by two vectors of columns {@code j..j+2L}; row {@code k} of those columns of W
     * is at {@code p[pBase + k * pStride]} (W itself, or a packed copy of its panel), the bias
     * in {@code w[bOff + j]}.
     */
    private static void affine4x2(int r, int j, int k0, int k1, boolean first, int nIn, int nOut, float[] x, float[] p,
            int pBase, int pStride, float[] w, int bOff, float[] z) {
        VectorMask<Float> all = S.maskAll(true);
        int o = r * nOut + j;
        FloatVector c00 = start(first, w, bOff, j, z, o, all);
        FloatVector c01 = start(first, w, bOff, j + L, z, o + L, all);
        FloatVector c10 = start(first, w, bOff, j, z, o + nOut, all);
        FloatVector c11 = start(first, w, bOff, j + L, z, o + nOut + L, all);
        FloatVector c20 = start(first, w, bOff, j, z, o + 2 * nOut, all);
        FloatVector c21 = start(first, w, bOff, j + L, z, o + 2 * nOut + L, all);
        FloatVector c30 = start(first, w, bOff, j, z, o + 3 * nOut, all);
        FloatVector c31 = start(first, w, bOff, j + L, z, o + 3 * nOut + L, all);
        int x0 = r * nIn;
        for (int k = k0; k < k1; k++) {
            int wk = pBase + k * pStride;
            FloatVector w0 = FloatVector.fromArray(S, p, wk);
            FloatVector w1 = FloatVector.fromArray(S, p, wk + L);
            FloatVector a = FloatVector.broadcast(S, x[x0 + k]);
            c00 = w0.fma(a, c00);
            c01 = w1.fma(a, c01);
            a = FloatVector.broadcast(S, x[x0 + nIn + k]);
            c10 = w0.fma(a, c10);
            c11 = w1.fma(a, c11);
            a = FloatVector.broadcast(S, x[x0 + 2 * nIn + k]);
            c20 = w0.fma(a, c20);
            c21 = w1.fma(a, c21);
            a = FloatVector.broadcast(S, x[x0 + 3 * nIn + k]);
            c30 = w0.fma(a, c30);
            c31 = w1.fma(a, c31);
        }
        c00.intoArray(z, o);
        c01.intoArray(z, o + L);
        c10.intoArray(z, o + nOut);
        c11.intoArray(z, o + nOut + L);
        c20.intoArray(z, o + 2 * nOut);
        c21.intoArray(z, o + 2 * nOut + L);
        c30.intoArray(z, o + 3 * nOut);
        c31.intoArray(z, o + 3 * nOut + L);
    }

    /**
     * Eight rows by two vectors of columns over one panel of {@code kn} inputs: the rows' inputs
     * packed eight to a step at {@code a[aBase]} (input k of row {@code r + i} at
     * {@code a[aBase + 8 k + i]}), row k of those columns of W at
     * {@code p[pBase + k * pStride]} (W itself, or its panel packed two vectors to a step).
     * Sixteen accumulators keep both FMA units busy while the ten loads of a step (two vectors,
     * eight broadcasts from one stream) fit the two load ports.
     */
    private static void affine8x2(int r, int j, int kn, boolean first, int nOut, float[] a, int aBase, float[] p,
            int pBase, int pStride, float[] w, int bOff, float[] z) {
        VectorMask<Float> all = S.maskAll(true);
        int o = r * nOut + j;
        FloatVector c00 = start(first, w, bOff, j, z, o, all);
        FloatVector c01 = start(first, w, bOff, j + L, z, o + L, all);
        FloatVector c10 = start(first, w, bOff, j, z, o + nOut, all);
        FloatVector c11 = start(first, w, bOff, j + L, z, o + nOut + L, all);
        FloatVector c20 = start(first, w, bOff, j, z, o + 2 * nOut, all);
        FloatVector c21 = start(first, w, bOff, j + L, z, o + 2 * nOut + L, all);
        FloatVector c30 = start(first, w, bOff, j, z, o + 3 * nOut, all);
        FloatVector c31 = start(first, w, bOff, j + L, z, o + 3 * nOut + L, all);
        FloatVector c40 = start(first, w, bOff, j, z, o + 4 * nOut, all);
        FloatVector c41 = start(first, w, bOff, j + L, z, o + 4 * nOut + L, all);
        FloatVector c50 = start(first, w, bOff, j, z, o + 5 * nOut, all);
        FloatVector c51 = start(first, w, bOff, j + L, z, o + 5 * nOut + L, all);
        FloatVector c60 = start(first, w, bOff, j, z, o + 6 * nOut, all);
        FloatVector c61 = start(first, w, bOff, j + L, z, o + 6 * nOut + L, all);
        FloatVector c70 = start(first, w, bOff, j, z, o + 7 * nOut, all);
        FloatVector c71 = start(first, w, bOff, j + L, z, o + 7 * nOut + L, all);
        for (int k = 0, pk = pBase, ak = aBase; k < kn; k++, pk += pStride, ak += MR) {
            FloatVector w0 = FloatVector.fromArray(S, p, pk);
            FloatVector w1 = FloatVector.fromArray(S, p, pk + L);
            FloatVector v = FloatVector.broadcast(S, a[ak]);
            c00 = w0.fma(v, c00);
            c01 = w1.fma(v, c01);
            v = FloatVector.broadcast(S, a[ak + 1]);
            c10 = w0.fma(v, c10);
            c11 = w1.fma(v, c11);
            v = FloatVector.broadcast(S, a[ak + 2]);
            c20 = w0.fma(v, c20);
            c21 = w1.fma(v, c21);
            v = FloatVector.broadcast(S, a[ak + 3]);
            c30 = w0.fma(v, c30);
            c31 = w1.fma(v, c31);
            v = FloatVector.broadcast(S, a[ak + 4]);
            c40 = w0.fma(v, c40);
            c41 = w1.fma(v, c41);
            v = FloatVector.broadcast(S, a[ak + 5]);
            c50 = w0.fma(v, c50);
            c51 = w1.fma(v, c51);
            v = FloatVector.broadcast(S, a[ak + 6]);
            c60 = w0.fma(v, c60);
            c61 = w1.fma(v, c61);
            v = FloatVector.broadcast(S, a[ak + 7]);
            c70 = w0.fma(v, c70);
            c71 = w1.fma(v, c71);
        }
        c00.intoArray(z, o);
        c01.intoArray(z, o + L);
        c10.intoArray(z, o + nOut);
        c11.intoArray(z, o + nOut + L);
        c20.intoArray(z, o + 2 * nOut);
        c21.intoArray(z, o + 2 * nOut + L);
        c30.intoArray(z, o + 3 * nOut);
        c31.intoArray(z, o + 3 * nOut + L);
        c40.intoArray(z, o + 4 * nOut);
        c41.intoArray(z, o + 4 * nOut + L);
        c50.intoArray(z, o + 5 * nOut);
        c51.intoArray(z, o + 5 * nOut + L);
        c60.intoArray(z, o + 6 * nOut);
        c61.intoArray(z, o + 6 * nOut + L);
        c70.intoArray(z, o + 7 * nOut);
        c71.intoArray(z, o + 7 * nOut + L);
    }

    private static void affine4x1(int r, int j, VectorMask<Float> m, int k0, int k1, boolean first, int nIn, int nOut,
            float[] x, float[] w, int wOff, int bOff, float[] z) {
        int o = r * nOut + j;
        FloatVector c0 = start(first, w, bOff, j, z, o, m);
        FloatVector c1 = start(first, w, bOff, j, z, o + nOut, m);
        FloatVector c2 = start(first, w, bOff, j, z, o + 2 * nOut, m);
        FloatVector c3 = start(first, w, bOff, j, z, o + 3 * nOut, m);
        int x0 = r * nIn;
        for (int k = k0; k < k1; k++) {
            FloatVector wv = FloatVector.fromArray(S, w, wOff + k * nOut + j, m);
            c0 = wv.fma(FloatVector.broadcast(S, x[x0 + k]), c0);
            c1 = wv.fma(FloatVector.broadcast(S, x[x0 + nIn + k]), c1);
            c2 = wv.fma(FloatVector.broadcast(S, x[x0 + 2 * nIn + k]), c2);
            c3 = wv.fma(FloatVector.broadcast(S, x[x0 + 3 * nIn + k]), c3);
        }
        c0.intoArray(z, o, m);
        c1.intoArray(z, o + nOut, m);
        c2.intoArray(z, o + 2 * nOut, m);
        c3.intoArray(z, o + 3 * nOut, m);
    }

    /** One row by four whole vectors of columns {@code j..j+4L}, all inputs, from the bias. */
    private static void affine1x4(int r, int j, int nIn, int nOut, float[] x, float[] w, int wOff, int bOff, float[] z) {
        VectorMask<Float> all = S.maskAll(true);
        int o = r * nOut + j;
        FloatVector c0 = start(true, w, bOff, j, z, o, all);
        FloatVector c1 = start(true, w, bOff, j + L, z, o + L, all);
        FloatVector c2 = start(true, w, bOff, j + 2 * L, z, o + 2 * L, all);
        FloatVector c3 = start(true, w, bOff, j + 3 * L, z, o + 3 * L, all);
        int x0 = r * nIn;
        for (int k = 0; k < nIn; k++) {
            int wk = wOff + k * nOut + j;
            FloatVector a = FloatVector.broadcast(S, x[x0 + k]);
            c0 = FloatVector.fromArray(S, w, wk).fma(a, c0);
            c1 = FloatVector.fromArray(S, w, wk + L).fma(a, c1);
            c2 = FloatVector.fromArray(S, w, wk + 2 * L).fma(a, c2);
            c3 = FloatVector.fromArray(S, w, wk + 3 * L).fma(a, c3);
        }
        c0.intoArray(z, o);
        c1.intoArray(z, o + L);
        c2.intoArray(z, o + 2 * L);
        c3.intoArray(z, o + 3 * L);
    }

    /** One row by two whole vectors of columns {@code j..j+2L}, all inputs, from the bias. */
    private static void affine1x2(int r, int j, int nIn, int nOut, float[] x, float[] w, int wOff, int bOff, float[] z) {
        VectorMask<Float> all = S.maskAll(true);
        int o = r * nOut + j;
        FloatVector c0 = start(true, w, bOff, j, z, o, all);
        FloatVector c1 = start(true, w, bOff, j + L, z, o + L, all);
        int x0 = r * nIn;
        for (int k = 0; k < nIn; k++) {
            int wk = wOff + k * nOut + j;
            FloatVector a = FloatVector.broadcast(S, x[x0 + k]);
            c0 = FloatVector.fromArray(S, w, wk).fma(a, c0);
            c1 = FloatVector.fromArray(S, w, wk + L).fma(a, c1);
        }
        c0.intoArray(z, o);
        c1.intoArray(z, o + L);
    }

    private static void affine1x1(int r, int j, VectorMask<Float> m, int k0, int k1, boolean first, int nIn, int nOut,
            float[] x, float[] w, int wOff, int bOff, float[] z) {
        int o = r * nOut + j;
        FloatVector c = start(first, w, bOff, j, z, o, m);
        int x0 = r * nIn;
        for (int k = k0; k < k1; k++) {
            c = FloatVector.fromArray(S, w, wOff + k * nOut + j, m).fma(FloatVector.broadcast(S, x[x0 + k]), c);
        }
        c.intoArray(z, o, m);
    }

    /**
     * 16 x 16 tiles in registers when vectors hold 16 floats (AVX-512): sixteen rows loaded,
     * four rounds of two-vector shuffles that swap the off-diagonal blocks of 8, 4, 2 and 1,
     * sixteen rows stored; the edges that are not whole tiles element by element. Transposing
     * the VAE's and the RBM's weights after every step took a tenth of their training time
     * element by element.
     */
    @Override
    public void transpose(int rows, int cols, float[] a, int aOff, float[] t, int tOff) {
        if (L != 16) {
            DenseKernels.super.transpose(rows, cols, a, aOff, t, tOff);
            return;
        }
        int fullRows = rows - rows % 16;
        int fullCols = cols - cols % 16;
        for (int i0 = 0; i0 < fullRows; i0 += 16) {
            for (int j0 = 0; j0 < fullCols; j0 += 16) {
                tile16(a, aOff + i0 * cols + j0, cols, t, tOff + j0 * rows + i0, rows);
            }
            for (int i = i0; i < i0 + 16; i++) {
                for (int j = fullCols; j < cols; j++) {
                    t[tOff + j * rows + i] = a[aOff + i * cols + j];
                }
            }
        }
        for (int i = fullRows; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[tOff + j * rows + i] = a[aOff + i * cols + j];
            }
        }
    }

    /** Lane c of the first row of a pair after the round that swaps blocks of s: its own, or the second row's c - s. */
    private static final VectorShuffle<Float> LO8 = shuffle(0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23);
    private static final VectorShuffle<Float> HI8 = shuffle(8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31);
    private static final VectorShuffle<Float> LO4 = shuffle(0, 1, 2, 3, 16, 17, 18, 19, 8, 9, 10, 11, 24, 25, 26, 27);
    private static final VectorShuffle<Float> HI4 = shuffle(4, 5, 6, 7, 20, 21, 22, 23, 12, 13, 14, 15, 28, 29, 30, 31);
    private static final VectorShuffle<Float> LO2 = shuffle(0, 1, 16, 17, 4, 5, 20, 21, 8, 9, 24, 25, 12, 13, 28, 29);
    private static final VectorShuffle<Float> HI2 = shuffle(2, 3, 18, 19, 6, 7, 22, 23, 10, 11, 26, 27, 14, 15, 30, 31);
    private static final VectorShuffle<Float> LO1 = shuffle(0, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14, 30);
    private static final VectorShuffle<Float> HI1 = shuffle(1, 17, 3, 19, 5, 21, 7, 23, 9, 25, 11, 27, 13, 29, 15, 31);

    /** A shuffle of 16 lanes; none where vectors hold another number of floats (transpose then runs the default). */
    private static VectorShuffle<Float> shuffle(int... lanes) {
        return L == 16 ? VectorShuffle.fromArray(S, lanes, 0) : null;
    }

    /** The 16 x 16 tile at {@code a[ao]} (rows {@code lda} apart) transposed into {@code t[to]} (rows {@code ldt} apart). */
    private static void tile16(float[] a, int ao, int lda, float[] t, int to, int ldt) {
        FloatVector r0 = FloatVector.fromArray(S, a, ao + 0 * lda);
        FloatVector r1 = FloatVector.fromArray(S, a, ao + 1 * lda);
        FloatVector r2 = FloatVector.fromArray(S, a, ao + 2 * lda);
        FloatVector r3 = FloatVector.fromArray(S, a, ao + 3 * lda);
        FloatVector r4 = FloatVector.fromArray(S, a, ao + 4 * lda);
        FloatVector r5 = FloatVector.fromArray(S, a, ao + 5 * lda);
        FloatVector r6 = FloatVector.fromArray(S, a, ao + 6 * lda);
        FloatVector r7 = FloatVector.fromArray(S, a, ao + 7 * lda);
        FloatVector r8 = FloatVector.fromArray(S, a, ao + 8 * lda);
        FloatVector r9 = FloatVector.fromArray(S, a, ao + 9 * lda);
        FloatVector r10 = FloatVector.fromArray(S, a, ao + 10 * lda);
        FloatVector r11 = FloatVector.fromArray(S, a, ao + 11 * lda);
        FloatVector r12 = FloatVector.fromArray(S, a, ao + 12 * lda);
        FloatVector r13 = FloatVector.fromArray(S, a, ao + 13 * lda);
        FloatVector r14 = FloatVector.fromArray(S, a, ao + 14 * lda);
        FloatVector r15 = FloatVector.fromArray(S, a, ao + 15 * lda);
        // Swap the off-diagonal blocks of 8: rows i and i + 8 exchange their lanes c and c - 8.
        FloatVector x0s8 = r0.rearrange(LO8, r8);
        r8 = r0.rearrange(HI8, r8);
        r0 = x0s8;
        FloatVector x1s8 = r1.rearrange(LO8, r9);
        r9 = r1.rearrange(HI8, r9);
        r1 = x1s8;
        FloatVector x2s8 = r2.rearrange(LO8, r10);
        r10 = r2.rearrange(HI8, r10);
        r2 = x2s8;
        FloatVector x3s8 = r3.rearrange(LO8, r11);
        r11 = r3.rearrange(HI8, r11);
        r3 = x3s8;
        FloatVector x4s8 = r4.rearrange(LO8, r12);
        r12 = r4.rearrange(HI8, r12);
        r4 = x4s8;
        FloatVector x5s8 = r5.rearrange(LO8, r13);
        r13 = r5.rearrange(HI8, r13);
        r5 = x5s8;
        FloatVector x6s8 = r6.rearrange(LO8, r14);
        r14 = r6.rearrange(HI8, r14);
        r6 = x6s8;
        FloatVector x7s8 = r7.rearrange(LO8, r15);
        r15 = r7.rearrange(HI8, r15);
        r7 = x7s8;
        // Swap the off-diagonal blocks of 4: rows i and i + 4 exchange their lanes c and c - 4.
        FloatVector x0s4 = r0.rearrange(LO4, r4);
        r4 = r0.rearrange(HI4, r4);
        r0 = x0s4;
        FloatVector x1s4 = r1.rearrange(LO4, r5);
        r5 = r1.rearrange(HI4, r5);
        r1 = x1s4;
        FloatVector x2s4 = r2.rearrange(LO4, r6);
        r6 = r2.rearrange(HI4, r6);
        r2 = x2s4;
        FloatVector x3s4 = r3.rearrange(LO4, r7);
        r7 = r3.rearrange(HI4, r7);
        r3 = x3s4;
        FloatVector x8s4 = r8.rearrange(LO4, r12);
        r12 = r8.rearrange(HI4, r12);
        r8 = x8s4;
        FloatVector x9s4 = r9.rearrange(LO4, r13);
        r13 = r9.rearrange(HI4, r13);
        r9 = x9s4;
        FloatVector x10s4 = r10.rearrange(LO4, r14);
        r14 = r10.rearrange(HI4, r14);
        r10 = x10s4;
        FloatVector x11s4 = r11.rearrange(LO4, r15);
        r15 = r11.rearrange(HI4, r15);
        r11 = x11s4;
        // Swap the off-diagonal blocks of 2: rows i and i + 2 exchange their lanes c and c - 2.
        FloatVector x0s2 = r0.rearrange(LO2, r2);
        r2 = r0.rearrange(HI2, r2);
        r0 = x0s2;
        FloatVector x1s2 = r1.rearrange(LO2, r3);
        r3 = r1.rearrange(HI2, r3);
        r1 = x1s2;
        FloatVector x4s2 = r4.rearrange(LO2, r6);
        r6 = r4.rearrange(HI2, r6);
        r4 = x4s2;
        FloatVector x5s2 = r5.rearrange(LO2, r7);
        r7 = r5.rearrange(HI2, r7);
        r5 = x5s2;
        FloatVector x8s2 = r8.rearrange(LO2, r10);
        r10 = r8.rearrange(HI2, r10);
        r8 = x8s2;
        FloatVector x9s2 = r9.rearrange(LO2, r11);
        r11 = r9.rearrange(HI2, r11);
        r9 = x9s2;
        FloatVector x12s2 = r12.rearrange(LO2, r14);
        r14 = r12.rearrange(HI2, r14);
        r12 = x12s2;
        FloatVector x13s2 = r13.rearrange(LO2, r15);
        r15 = r13.rearrange(HI2, r15);
        r13 = x13s2;
        // Swap the off-diagonal blocks of 1: rows i and i + 1 exchange their lanes c and c - 1.
        FloatVector x0s1 = r0.rearrange(LO1, r1);
        r1 = r0.rearrange(HI1, r1);
        r0 = x0s1;
        FloatVector x2s1 = r2.rearrange(LO1, r3);
        r3 = r2.rearrange(HI1, r3);
        r2 = x2s1;
        FloatVector x4s1 = r4.rearrange(LO1, r5);
        r5 = r4.rearrange(HI1, r5);
        r4 = x4s1;
        FloatVector x6s1 = r6.rearrange(LO1, r7);
        r7 = r6.rearrange(HI1, r7);
        r6 = x6s1;
        FloatVector x8s1 = r8.rearrange(LO1, r9);
        r9 = r8.rearrange(HI1, r9);
        r8 = x8s1;
        FloatVector x10s1 = r10.rearrange(LO1, r11);
        r11 = r10.rearrange(HI1, r11);
        r10 = x10s1;
        FloatVector x12s1 = r12.rearrange(LO1, r13);
        r13 = r12.rearrange(HI1, r13);
        r12 = x12s1;
        FloatVector x14s1 = r14.rearrange(LO1, r15);
        r15 = r14.rearrange(HI1, r15);
        r14 = x14s1;
        r0.intoArray(t, to + 0 * ldt);
        r1.intoArray(t, to + 1 * ldt);
        r2.intoArray(t, to + 2 * ldt);
        r3.intoArray(t, to + 3 * ldt);
        r4.intoArray(t, to + 4 * ldt);
        r5.intoArray(t, to + 5 * ldt);
        r6.intoArray(t, to + 6 * ldt);
        r7.intoArray(t, to + 7 * ldt);
        r8.intoArray(t, to + 8 * ldt);
        r9.intoArray(t, to + 9 * ldt);
        r10.intoArray(t, to + 10 * ldt);
        r11.intoArray(t, to + 11 * ldt);
        r12.intoArray(t, to + 12 * ldt);
        r13.intoArray(t, to + 13 * ldt);
        r14.intoArray(t, to + 14 * ldt);
        r15.intoArray(t, to + 15 * ldt);
    }

    @Override
    public void accumulateGradients(int rows, int nIn, int nOut, float[] x, float[] d, float[] g, int wOff, int bOff) {
        biasGradient(rows, nOut, d, g, bOff);
        int k = 0;
        for (; k + 4 <= nIn; k += 4) {
            for (int j = 0; j < nOut; j += L) {
                gradient4(k, j, S.indexInRange(j, nOut), rows, nIn, nOut, x, d, g, wOff);
            }
        }
        for (; k < nIn; k++) {
            for (int j = 0; j < nOut; j += L) {
                VectorMask<Float> m = S.indexInRange(j, nOut);
                int at = wOff + k * nOut + j;
                FloatVector acc = FloatVector.fromArray(S, g, at, m);
                for (int r = 0; r < rows; r++) {
                    acc = FloatVector.fromArray(S, d, r * nOut + j, m).fma(FloatVector.broadcast(S, x[r * nIn + k]), acc);
                }
                acc.intoArray(g, at, m);
            }
        }
    }

    /**
     * db += sum_r d_r, whole vectors unmasked and the last columns one by one (the same sums
     * in the same order). With a mask on every vector, as it was, some compilations of this
     * loop ran the Vector API's boxed lane-by-lane add and load instead of the intrinsics: JFR
     * on the VAE bench found a quarter of a step's samples there in one run in three, whose
     * steady state was then 92-97k examples/s against 163k.
     */
    private static void biasGradient(int rows, int nOut, float[] d, float[] g, int bOff) {
        int full = nOut - nOut % L;
        for (int j = 0; j < full; j += L) {
            FloatVector acc = FloatVector.fromArray(S, g, bOff + j);
            for (int r = 0; r < rows; r++) {
                acc = acc.add(FloatVector.fromArray(S, d, r * nOut + j));
            }
            acc.intoArray(g, bOff + j);
        }
        for (int j = full; j < nOut; j++) {
            float acc = g[bOff + j];
            for (int r = 0; r < rows; r++) {
                acc += d[r * nOut + j];
            }
            g[bOff + j] = acc;
        }
    }

    /** Rows {@code k..k+3} of dW, one vector of columns, summed over the batch in registers. */
    private static void gradient4(int k, int j, VectorMask<Float> m, int rows, int nIn, int nOut, float[] x, float[] d,
            float[] g, int wOff) {
        int at = wOff + k * nOut + j;
        FloatVector a0 = FloatVector.fromArray(S, g, at, m);
        FloatVector a1 = FloatVector.fromArray(S, g, at + nOut, m);
        FloatVector a2 = FloatVector.fromArray(S, g, at + 2 * nOut, m);
        FloatVector a3 = FloatVector.fromArray(S, g, at + 3 * nOut, m);
        for (int r = 0; r < rows; r++) {
            FloatVector dv = FloatVector.fromArray(S, d, r * nOut + j, m);
            int xr = r * nIn + k;
            a0 = dv.fma(FloatVector.broadcast(S, x[xr]), a0);
            a1 = dv.fma(FloatVector.broadcast(S, x[xr + 1]), a1);
            a2 = dv.fma(FloatVector.broadcast(S, x[xr + 2]), a2);
            a3 = dv.fma(FloatVector.broadcast(S, x[xr + 3]), a3);
        }
        a0.intoArray(g, at, m);
        a1.intoArray(g, at + nOut, m);
        a2.intoArray(g, at + 2 * nOut, m);
        a3.intoArray(g, at + 3 * nOut, m);
    }

    @Override
    public void relu(float[] z, float[] a, int from, int to) {
        int i = from;
        for (; i + L <= to; i += L) {
            FloatVector.fromArray(S, z, i).max(0f).intoArray(a, i);
        }
        for (; i < to; i++) {
            a[i] = Math.max(z[i], 0f);
        }
    }

    @Override
    public void reluGradient(float[] z, float[] d, int n) {
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (; i + L <= n; i += L) {
            VectorMask<Float> positive = FloatVector.fromArray(S, z, i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(S, d, i), positive).intoArray(d, i);
        }
        for (; i < n; i++) {
            d[i] = z[i] > 0f ? d[i] : 0f;
        }
    }

    @Override
    public void silu(float[] z, float[] a, int from, int to) {
        int i = from;
        for (; i + L <= to; i += L) {
            FloatVector x = FloatVector.fromArray(S, z, i);
            x.div(exp(x.neg()).add(1f)).intoArray(a, i);
        }
        for (; i < to; i++) {
            a[i] = z[i] / (1f + exp(-z[i]));
        }
    }

    @Override
    public void sigmoid(float[] z, float[] a, int from, int to) {
        int i = from;
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (; i + L <= to; i += L) {
            one.div(exp(FloatVector.fromArray(S, z, i).neg()).add(1f)).intoArray(a, i);
        }
        for (; i < to; i++) {
            a[i] = 1f / (1f + exp(-z[i]));
        }
    }

    @Override
    public void siluGradient(float[] z, float[] d, int n) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector x = FloatVector.fromArray(S, z, i);
            FloatVector one = FloatVector.broadcast(S, 1f);
            FloatVector s = one.div(exp(x.neg()).add(1f));
            FloatVector slope = x.mul(s).mul(one.sub(s)).add(s);
            FloatVector.fromArray(S, d, i).mul(slope).intoArray(d, i);
        }
        for (; i < n; i++) {
            float s = 1f / (1f + exp(-z[i]));
            d[i] *= s + z[i] * s * (1f - s);
        }
    }

    // exp in float32 from IEEE operations only (Cephes' expf: 2^n times a degree-6 polynomial on
    // [-ln2/2, ln2/2]), within 2 ulps. Not VectorOperators.EXP: its result may differ between the
    // interpreter and the JIT's intrinsic, and a run must give the same bits whenever it is compiled.
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float ROUND = 12582912f;   // 1.5 * 2^23: adding it rounds to an integer
    private static final float P0 = 1.9875691500e-4f;
    private static final float P1 = 1.3981999507e-3f;
    private static final float P2 = 8.3334519073e-3f;
    private static final float P3 = 4.1665795894e-2f;
    private static final float P4 = 1.6666665459e-1f;
    private static final float P5 = 5.0000001201e-1f;

    private static FloatVector exp(FloatVector v) {
        FloatVector x = v.max(-87.3f).min(88.0f);
        FloatVector n = x.fma(FloatVector.broadcast(S, LOG2E), FloatVector.broadcast(S, ROUND)).sub(ROUND);
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), x);
        r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector p = FloatVector.broadcast(S, P0);
        p = p.fma(r, FloatVector.broadcast(S, P1));
        p = p.fma(r, FloatVector.broadcast(S, P2));
        p = p.fma(r, FloatVector.broadcast(S, P3));
        p = p.fma(r, FloatVector.broadcast(S, P4));
        p = p.fma(r, FloatVector.broadcast(S, P5));
        p = p.mul(r.mul(r)).add(r).add(1f);
        IntVector e = ((IntVector) n.convert(VectorOperators.F2I, 0)).add(127).lanewise(VectorOperators.LSHL, 23);
        return p.mul(e.reinterpretAsFloats());
    }

    /** The same exp, one lane: the remainders of a row give the bits the vectors give. */
    private static float exp(float v) {
        float x = Math.min(Math.max(v, -87.3f), 88.0f);
        float n = Math.fma(x, LOG2E, ROUND) - ROUND;
        float r = Math.fma(n, -LN2_HI, x);
        r = Math.fma(n, -LN2_LO, r);
        float p = P0;
        p = Math.fma(p, r, P1);
        p = Math.fma(p, r, P2);
        p = Math.fma(p, r, P3);
        p = Math.fma(p, r, P4);
        p = Math.fma(p, r, P5);
        p = p * (r * r) + r + 1f;
        return p * Float.intBitsToFloat(((int) n + 127) << 23);
    }

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    @Override
    public void axpy(int n, double a, double[] x, int xOff, double[] y, int yOff) {
        int ld = D.length();
        if (x == y && yOff > xOff && yOff - xOff < n || n < ld) {
            // An element written before a later one reads it: in order, as the default does.
            DenseKernels.super.axpy(n, a, x, xOff, y, yOff);
            return;
        }
        DoubleVector va = DoubleVector.broadcast(D, a);
        int i = 0;
        for (; i + ld <= n; i += ld) {
            // mul then add, two roundings, as the scalar a * x + y: the same bits.
            DoubleVector.fromArray(D, x, xOff + i).mul(va).add(DoubleVector.fromArray(D, y, yOff + i))
                    .intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] += a * x[xOff + i];
        }
    }

    @Override
    public void addLowerProducts(int d, int n, double[] w, double[] u, int stride, double[] out, int o) {
        int ld = D.length();
        int full = n - n % ld;
        int t = o;
        for (int a = 0; a < d; a++) {
            int ao = a * stride;
            int b = 0;
            // Four entries of the row at once: each vector of w serves four products. Unmasked
            // vectors over the whole lanes, then the remainder one element at a time.
            for (; b + 3 <= a; b += 4) {
                int b0 = b * stride;
                DoubleVector s0 = DoubleVector.zero(D);
                DoubleVector s1 = s0;
                DoubleVector s2 = s0;
                DoubleVector s3 = s0;
                for (int r = 0; r < full; r += ld) {
                    DoubleVector wv = DoubleVector.fromArray(D, w, ao + r);
                    s0 = wv.fma(DoubleVector.fromArray(D, u, b0 + r), s0);
                    s1 = wv.fma(DoubleVector.fromArray(D, u, b0 + stride + r), s1);
                    s2 = wv.fma(DoubleVector.fromArray(D, u, b0 + 2 * stride + r), s2);
                    s3 = wv.fma(DoubleVector.fromArray(D, u, b0 + 3 * stride + r), s3);
                }
                out[t + b] += lanes(s0) + rest(w, ao, u, b0, full, n);
                out[t + b + 1] += lanes(s1) + rest(w, ao, u, b0 + stride, full, n);
                out[t + b + 2] += lanes(s2) + rest(w, ao, u, b0 + 2 * stride, full, n);
                out[t + b + 3] += lanes(s3) + rest(w, ao, u, b0 + 3 * stride, full, n);
            }
            for (; b <= a; b++) {
                int bo = b * stride;
                DoubleVector s0 = DoubleVector.zero(D);
                for (int r = 0; r < full; r += ld) {
                    s0 = DoubleVector.fromArray(D, w, ao + r).fma(DoubleVector.fromArray(D, u, bo + r), s0);
                }
                out[t + b] += lanes(s0) + rest(w, ao, u, bo, full, n);
            }
            t += a + 1;
        }
    }

    /** The products past the last whole vector, in order. */
    private static double rest(double[] w, int ao, double[] u, int bo, int from, int n) {
        double s = 0;
        for (int r = from; r < n; r++) {
            s = Math.fma(w[ao + r], u[bo + r], s);
        }
        return s;
    }

    /** The lanes' sum in lane order, not reduceLanes: its order may differ between interpreter and JIT. */
    private static double lanes(DoubleVector v) {
        double s = 0;
        for (int i = 0; i < D.length(); i++) {
            s += v.lane(i);
        }
        return s;
    }

    @Override
    public void sigmoid(double[] x, double[] out, int n) {
        int ld = D.length();
        int i = 0;
        for (; i + ld <= n; i += ld) {
            DoubleVector e = exp(DoubleVector.fromArray(D, x, i).neg());
            DoubleVector.broadcast(D, 1.0).div(e.add(1.0)).intoArray(out, i);
        }
        for (; i < n; i++) {
            out[i] = 1.0 / (1.0 + exp(-x[i]));
        }
    }

    @Override
    public void bernoulliFromLogits(double[] x, double[] logits, double[] logLikelihood, double[] mean, int n) {
        // Three passes, each a method taking arrays. As one loop, inlined into its caller, the
        // polynomials of exp and ln went past C2's node budget (-XX:+PrintInlining:
        // NodeCountInliningCutoff), and the part left out was called with its vectors boxed on
        // the heap (jdk.incubator.vector frames in a sixth of a VAE step's samples). A pass not
        // inlined now is a call, once per block. The e of each element waits in mean.
        expOfMinusAbs(logits, 1.0, mean, n);
        log1pOfUnit(mean, logLikelihood, n);
        bernoulliTerms(x, logits, logLikelihood, mean, n);
    }

    /** {@code out[i] = ln(1 + e[i])} for {@code e[i]} in [0, 1]. */
    private static void log1pOfUnit(double[] e, double[] out, int n) {
        int ld = D.length();
        int i = 0;
        for (; i + ld <= n; i += ld) {
            log1pOfUnit(DoubleVector.fromArray(D, e, i)).intoArray(out, i);
        }
        for (; i < n; i++) {
            out[i] = log1pOfUnit(e[i]);
        }
    }

    /** From {@code log1p[i] = ln(1 + e)} and {@code mean[i] = e = exp(-|l|)}: the terms and the means. */
    private static void bernoulliTerms(double[] x, double[] logits, double[] log1p, double[] mean, int n) {
        int ld = D.length();
        int i = 0;
        for (; i + ld <= n; i += ld) {
            DoubleVector l = DoubleVector.fromArray(D, logits, i);
            DoubleVector e = DoubleVector.fromArray(D, mean, i);
            DoubleVector softplus = l.max(0.0).add(DoubleVector.fromArray(D, log1p, i));
            DoubleVector.fromArray(D, x, i).mul(l).sub(softplus).intoArray(log1p, i);
            DoubleVector.broadcast(D, 1.0).blend(e, l.compare(VectorOperators.LT, 0.0)).div(e.add(1.0))
                    .intoArray(mean, i);
        }
        for (; i < n; i++) {
            double l = logits[i];
            double e = mean[i];
            log1p[i] = x[i] * l - (Math.max(l, 0.0) + log1p[i]);
            mean[i] = (l < 0 ? e : 1.0) / (e + 1.0);
        }
    }

    // ln(1 + e) for e in [0, 1] from IEEE operations only. u = 1 + e rounded, reduced to
    // m = u or u / 2 in [sqrt(2) / 2, sqrt(2)] (exactly), ln m = 2 atanh(s) with s = (m - 1) / (m + 1),
    // |s| <= 0.1716, by its series to s^19 (truncation 2e-17 relative); then Goldberg's
    // e ln(u) / (u - 1) puts back what rounding 1 + e lost (What Every Computer Scientist Should
    // Know About Floating-Point Arithmetic, theorem 4). Within a few ulps of Math.log1p.
    private static final double SQRT2 = 1.4142135623730951;
    private static final double LN2 = 0.6931471805599453;

    private static DoubleVector log1pOfUnit(DoubleVector e) {
        DoubleVector u = e.add(1.0);
        VectorMask<Double> upper = u.compare(VectorOperators.GT, SQRT2);
        DoubleVector f = u.blend(u.mul(0.5), upper).sub(1.0);
        DoubleVector s = f.div(f.add(2.0));
        DoubleVector ln = s.add(s).mul(atanhSeries(s.mul(s))).add(DoubleVector.zero(D).blend(LN2, upper));
        DoubleVector um1 = u.sub(1.0);
        return ln.mul(e).div(um1).blend(e, um1.compare(VectorOperators.EQ, 0.0));
    }

    /** {@code atanh(s) / s = sum_k s^2k / (2k + 1)} for {@code k <= 9}, of {@code q = s^2}, by Horner. */
    private static DoubleVector atanhSeries(DoubleVector q) {
        DoubleVector p = DoubleVector.broadcast(D, 1.0 / 19);
        p = p.fma(q, DoubleVector.broadcast(D, 1.0 / 17));
        p = p.fma(q, DoubleVector.broadcast(D, 1.0 / 15));
        p = p.fma(q, DoubleVector.broadcast(D, 1.0 / 13));
        p = p.fma(q, DoubleVector.broadcast(D, 1.0 / 11));
        p = p.fma(q, DoubleVector.broadcast(D, 1.0 / 9));
        p = p.fma(q, DoubleVector.broadcast(D, 1.0 / 7));
        p = p.fma(q, DoubleVector.broadcast(D, 1.0 / 5));
        p = p.fma(q, DoubleVector.broadcast(D, 1.0 / 3));
        return p.fma(q, DoubleVector.broadcast(D, 1.0));
    }

    /** The same ln(1 + e), one lane. */
    private static double log1pOfUnit(double e) {
        double u = e + 1.0;
        boolean upper = u > SQRT2;
        double f = (upper ? u * 0.5 : u) - 1.0;
        double s = f / (f + 2.0);
        double q = s * s;
        double p = 1.0 / 19;
        p = Math.fma(p, q, 1.0 / 17);
        p = Math.fma(p, q, 1.0 / 15);
        p = Math.fma(p, q, 1.0 / 13);
        p = Math.fma(p, q, 1.0 / 11);
        p = Math.fma(p, q, 1.0 / 9);
        p = Math.fma(p, q, 1.0 / 7);
        p = Math.fma(p, q, 1.0 / 5);
        p = Math.fma(p, q, 1.0 / 3);
        p = Math.fma(p, q, 1.0);
        double ln = (s + s) * p + (upper ? LN2 : 0.0);
        double um1 = u - 1.0;
        return um1 == 0 ? e : ln * e / um1;
    }

    // exp in float64 from IEEE operations only: 2^n times exp(r), |r| <= ln2/2, by the Taylor
    // polynomial of degree 13 (truncation 4e-18 relative) in Horner's fused steps; within a
    // few ulps of Math.exp, the same bits interpreted or compiled, vector or one lane.
    private static final double LOG2E_D = 1.4426950408889634;
    private static final double LN2_HI_D = 6.93147180369123816490e-01;
    private static final double LN2_LO_D = 1.90821492927058770002e-10;
    private static final double ROUND_D = 6755399441055744.0;   // 1.5 * 2^52: adding it rounds to an integer
    /** 1 / k!, the Taylor coefficients of exp. */
    private static final double C2 = 1.0 / 2;
    private static final double C3 = 1.0 / 6;
    private static final double C4 = 1.0 / 24;
    private static final double C5 = 1.0 / 120;
    private static final double C6 = 1.0 / 720;
    private static final double C7 = 1.0 / 5040;
    private static final double C8 = 1.0 / 40320;
    private static final double C9 = 1.0 / 362880;
    private static final double C10 = 1.0 / 3628800;
    private static final double C11 = 1.0 / 39916800;
    private static final double C12 = 1.0 / 479001600;
    private static final double C13 = 1.0 / 6227020800.0;

    /*
     * exp in three methods, each small enough for the JIT to inline where it is hot (325 bytes
     * of bytecode at most): as one method of 340 bytes it was compiled on its own, so every call
     * passed its vectors as objects on the heap (-XX:+PrintInlining: "hot method too big"; the
     * pseudo-likelihood's exponentials of 100 units took 260 ns a call at best and 3-6 us when
     * the collector ran). The operations and their order are the same: the same bits.
     */
    private static DoubleVector exp(DoubleVector v) {
        DoubleVector x = v.max(-708.0).min(709.0);
        DoubleVector n = x.fma(DoubleVector.broadcast(D, LOG2E_D), DoubleVector.broadcast(D, ROUND_D)).sub(ROUND_D);
        DoubleVector r = n.fma(DoubleVector.broadcast(D, -LN2_HI_D), x);
        r = n.fma(DoubleVector.broadcast(D, -LN2_LO_D), r);
        return taylor(r).mul(twoToThe(n));
    }

    /** {@code 2^n} for whole numbers {@code n} in [-1022, 1023], from the exponent bits. */
    private static DoubleVector twoToThe(DoubleVector n) {
        LongVector e = ((LongVector) n.convert(VectorOperators.D2L, 0)).add(1023L).lanewise(VectorOperators.LSHL, 52);
        return e.reinterpretAsDoubles();
    }

    /** {@code exp(r)} for {@code |r| <= ln 2 / 2}: the Taylor polynomial to degree 13, by Horner. */
    private static DoubleVector taylor(DoubleVector r) {
        // Unrolled, the coefficients constants: a loop over an array kept the JIT from
        // keeping the vectors in registers (a profile put 60 % of an RBM's epoch here).
        DoubleVector p = DoubleVector.broadcast(D, C13);
        p = p.fma(r, DoubleVector.broadcast(D, C12));
        p = p.fma(r, DoubleVector.broadcast(D, C11));
        p = p.fma(r, DoubleVector.broadcast(D, C10));
        p = p.fma(r, DoubleVector.broadcast(D, C9));
        p = p.fma(r, DoubleVector.broadcast(D, C8));
        p = p.fma(r, DoubleVector.broadcast(D, C7));
        p = p.fma(r, DoubleVector.broadcast(D, C6));
        p = p.fma(r, DoubleVector.broadcast(D, C5));
        p = p.fma(r, DoubleVector.broadcast(D, C4));
        p = p.fma(r, DoubleVector.broadcast(D, C3));
        p = p.fma(r, DoubleVector.broadcast(D, C2));
        p = p.fma(r, DoubleVector.broadcast(D, 1.0));
        return p.fma(r, DoubleVector.broadcast(D, 1.0));
    }

    private static double exp(double v) {
        double x = Math.min(Math.max(v, -708.0), 709.0);
        double n = Math.fma(x, LOG2E_D, ROUND_D) - ROUND_D;
        double r = Math.fma(n, -LN2_HI_D, x);
        r = Math.fma(n, -LN2_LO_D, r);
        double p = C13;
        p = Math.fma(p, r, C12);
        p = Math.fma(p, r, C11);
        p = Math.fma(p, r, C10);
        p = Math.fma(p, r, C9);
        p = Math.fma(p, r, C8);
        p = Math.fma(p, r, C7);
        p = Math.fma(p, r, C6);
        p = Math.fma(p, r, C5);
        p = Math.fma(p, r, C4);
        p = Math.fma(p, r, C3);
        p = Math.fma(p, r, C2);
        p = Math.fma(p, r, 1.0);
        p = Math.fma(p, r, 1.0);
        return p * Double.longBitsToDouble(((long) n + 1023L) << 52);
    }

    // ------------------------------------------------------------------ multi-spin heat bath

    /** Eight draws at a time: eight longs, doubles and floats in one 512-bit, 512-bit and 256-bit vector. */
    private static final VectorSpecies<Long> DRAW_LONGS = LongVector.SPECIES_512;
    private static final VectorSpecies<Double> DRAW_DOUBLES = DoubleVector.SPECIES_512;
    private static final VectorSpecies<Float> DRAW_FLOATS = FloatVector.SPECIES_256;
    /** {@code 1..8}: lane k holds the state of the draw k + 1 after the block's start. */
    private static final long[] DRAW_STEPS = {1, 2, 3, 4, 5, 6, 7, 8};

    @Override
    public void drawBelow(long state, float[] p, int pOff, float[] out, int oOff, int n) {
        if (LongVector.SPECIES_PREFERRED.length() < 8 || n < 8) {
            // Without AVX-512 a lane's 64-bit multiply is emulated: the scalar loop is faster.
            DenseKernels.super.drawBelow(state, p, pOff, out, oOff, n);
            return;
        }
        LongVector z = LongVector.fromArray(DRAW_LONGS, DRAW_STEPS, 0).mul(SPLITMIX_GAMMA).add(state);
        LongVector step = LongVector.broadcast(DRAW_LONGS, 8 * SPLITMIX_GAMMA);
        int u = 0;
        for (; u + 8 <= n; u += 8) {
            LongVector x = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(0xbf58476d1ce4e5b9L);
            x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 27)).mul(0x94d049bb133111ebL);
            x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 31));
            // Below 2^53, so the conversion is exact, and the scaling by a power of two too.
            DoubleVector draw = ((DoubleVector) x.lanewise(VectorOperators.LSHR, 11)
                    .convertShape(VectorOperators.L2D, DRAW_DOUBLES, 0)).mul(0x1.0p-53);
            DoubleVector mean = (DoubleVector) FloatVector.fromArray(DRAW_FLOATS, p, pOff + u)
                    .convertShape(VectorOperators.F2D, DRAW_DOUBLES, 0);
            ((FloatVector) draw.sub(mean).reinterpretAsLongs().lanewise(VectorOperators.LSHR, 63)
                    .convertShape(VectorOperators.L2F, DRAW_FLOATS, 0)).intoArray(out, oOff + u);
            z = z.add(step);
        }
        DenseKernels.super.drawBelow(state + u * SPLITMIX_GAMMA, p, pOff + u, out, oOff + u, n - u);
    }

    private static final VectorSpecies<Long> W = LongVector.SPECIES_PREFERRED;
    private static final int WL = W.length();

    /**
     * {@code WL} positions at a time (8 with AVX-512): their neighbour words gathered, the
     * counts and the multiplexer in vector lanes, and position {@code i + j} of a block drawing
     * from its own xoroshiro128** stream {@code j} (state {@code state[j]}, {@code state[8 + j]},
     * the multiplications by 5 and 9 as shifts and adds). A block runs levels until every chain
     * of its positions is decided, each stream drawing once per level. Positions after the last
     * whole block go to the scalar kernel, on a SplitMix64 seed of their own in
     * {@code state[16]}, so they never disturb the block streams; {@code state[24..31]} is
     * scratch for counting the changes.
     */
    @Override
    public long heatBathFour(long[] words, int[] neighbours, int base, int stride, int from, int to, long[] levels,
            long[] certain, long laneMask, long[] state) {
        if (WL > 8 || WL < 2) {
            return DenseKernels.super.heatBathFour(words, neighbours, base, stride, from, to, levels, certain, laneMask,
                    state);
        }
        int levelCount = levels.length / 5;
        boolean anyCertain = (certain[0] | certain[1] | certain[2] | certain[3] | certain[4]) != 0;
        LongVector s0 = LongVector.fromArray(W, state, 0);
        LongVector s1 = LongVector.fromArray(W, state, 8);
        LongVector mask = LongVector.broadcast(W, laneMask);
        long changed = 0;
        int end = from + (to - from) / WL * WL;
        for (int i = from; i < end; i += WL) {
            int b = base + i;
            LongVector x0 = LongVector.fromArray(W, words, 0, neighbours, b);
            LongVector x1 = LongVector.fromArray(W, words, 0, neighbours, b + stride);
            LongVector x2 = LongVector.fromArray(W, words, 0, neighbours, b + 2 * stride);
            LongVector x3 = LongVector.fromArray(W, words, 0, neighbours, b + 3 * stride);
            LongVector s01 = x0.lanewise(VectorOperators.XOR, x1);
            LongVector k01 = x0.and(x1);
            LongVector s23 = x2.lanewise(VectorOperators.XOR, x3);
            LongVector k23 = x2.and(x3);
            LongVector c0 = s01.lanewise(VectorOperators.XOR, s23);
            LongVector c1 = k01.lanewise(VectorOperators.XOR, k23).lanewise(VectorOperators.XOR, s01.and(s23));
            LongVector c2 = k01.and(k23);
            LongVector result = LongVector.zero(W);
            LongVector open = mask;
            if (anyCertain) {
                result = select(certain[0], certain[1], certain[2], certain[3], certain[4], c0, c1, c2);
                open = open.lanewise(VectorOperators.AND_NOT, result);
            }
            for (int j = 0, o = 0; j < levelCount; j++, o += 5) {
                if (!open.compare(VectorOperators.NE, 0L).anyTrue()) {
                    break;
                }
                LongVector tk = select(levels[o], levels[o + 1], levels[o + 2], levels[o + 3], levels[o + 4], c0, c1,
                        c2);
                // xoroshiro128**: rotl(s0 * 5, 7) * 9, then the state moves on.
                LongVector r = s0.add(s0.lanewise(VectorOperators.LSHL, 2)).lanewise(VectorOperators.ROL, 7);
                r = r.add(r.lanewise(VectorOperators.LSHL, 3));
                LongVector t = s1.lanewise(VectorOperators.XOR, s0);
                s0 = s0.lanewise(VectorOperators.ROL, 24).lanewise(VectorOperators.XOR, t)
                        .lanewise(VectorOperators.XOR, t.lanewise(VectorOperators.LSHL, 16));
                s1 = t.lanewise(VectorOperators.ROL, 37);
                result = result.or(open.and(tk).lanewise(VectorOperators.AND_NOT, r));
                open = open.lanewise(VectorOperators.AND_NOT, tk.lanewise(VectorOperators.XOR, r));
            }
            LongVector old = LongVector.fromArray(W, words, i);
            old.lanewise(VectorOperators.XOR, result).and(mask).intoArray(state, 24);
            for (int j = 0; j < WL; j++) {
                changed += Long.bitCount(state[24 + j]);
            }
            result.intoArray(words, i);
        }
        s0.intoArray(state, 0);
        s1.intoArray(state, 8);
        if (end < to) {
            // The scalar kernel keeps its SplitMix64 seed in state[0]; lend it word 16 instead.
            long keep = state[0];
            state[0] = state[16];
            changed += DenseKernels.super.heatBathFour(words, neighbours, base, stride, end, to, levels, certain,
                    laneMask, state);
            state[16] = state[0];
            state[0] = keep;
        }
        return changed;
    }

    /** The multiplexer: in each bit, {@code Lc} for the count {@code c2 c1 c0}. */
    private static LongVector select(long l0, long d01, long l2, long d23, long l4, LongVector c0, LongVector c1,
            LongVector c2) {
        LongVector m01 = c0.and(d01).lanewise(VectorOperators.XOR, l0);
        LongVector m23 = c0.and(d23).lanewise(VectorOperators.XOR, l2);
        LongVector m = m01.lanewise(VectorOperators.XOR, m01.lanewise(VectorOperators.XOR, m23).and(c1));
        return m.lanewise(VectorOperators.XOR, m.lanewise(VectorOperators.XOR, l4).and(c2));
    }

    // ------------------------------------------------------------------ products of ratios

    /** Eight lanes of doubles hold the eight partial products of the scalar default, bit for bit. */
    @Override
    public double productOfAffine(double[] a, double[] b, double[] p, int n) {
        if (D.length() != 8) {
            return DenseKernels.super.productOfAffine(a, b, p, n);
        }
        DoubleVector acc = DoubleVector.broadcast(D, 1.0);
        int j = 0;
        for (; j + 8 <= n; j += 8) {
            acc = acc.mul(DoubleVector.fromArray(D, b, j).mul(DoubleVector.fromArray(D, p, j))
                    .add(DoubleVector.fromArray(D, a, j)));
        }
        if (j < n) {
            VectorMask<Double> m = D.indexInRange(j, n);
            acc = acc.mul(DoubleVector.fromArray(D, b, j, m).mul(DoubleVector.fromArray(D, p, j, m))
                    .add(DoubleVector.fromArray(D, a, j, m)), m);
        }
        return combine(acc);
    }

    @Override
    public void expOfMinusAbs(double[] x, double s, double[] out, int n) {
        int j = 0;
        DoubleVector minusS = DoubleVector.broadcast(D, -s);
        for (; j + D.length() <= n; j += D.length()) {
            exp(DoubleVector.fromArray(D, x, j).abs().mul(minusS)).intoArray(out, j);
        }
        for (; j < n; j++) {
            out[j] = exp(Math.abs(x[j]) * -s);
        }
    }

    @Override
    public void productsOfAffine(double[] a, double[] b, double[] p0, double[] p1, double[] p2, double[] p3, int n,
            double[] out) {
        if (D.length() != 8) {
            DenseKernels.super.productsOfAffine(a, b, p0, p1, p2, p3, n, out);
            return;
        }
        DoubleVector c0 = DoubleVector.broadcast(D, 1.0);
        DoubleVector c1 = c0;
        DoubleVector c2 = c0;
        DoubleVector c3 = c0;
        int j = 0;
        for (; j + 8 <= n; j += 8) {
            DoubleVector va = DoubleVector.fromArray(D, a, j);
            DoubleVector vb = DoubleVector.fromArray(D, b, j);
            c0 = c0.mul(vb.mul(DoubleVector.fromArray(D, p0, j)).add(va));
            c1 = c1.mul(vb.mul(DoubleVector.fromArray(D, p1, j)).add(va));
            c2 = c2.mul(vb.mul(DoubleVector.fromArray(D, p2, j)).add(va));
            c3 = c3.mul(vb.mul(DoubleVector.fromArray(D, p3, j)).add(va));
        }
        // The lanes stored, the tail's factors multiplied into their lanes (factor j into lane
        // j mod 8) and the lanes combined in scalar code: combine(DoubleVector) showed up as a
        // frame of its own in the profile, a call that passes its vector as an object.
        c0.intoArray(out, 0);
        c1.intoArray(out, 8);
        c2.intoArray(out, 16);
        c3.intoArray(out, 24);
        for (int t = j; t < n; t++) {
            int lane = t - j;
            double fa = a[t];
            double fb = b[t];
            out[lane] *= fa + fb * p0[t];
            out[8 + lane] *= fa + fb * p1[t];
            out[16 + lane] *= fa + fb * p2[t];
            out[24 + lane] *= fa + fb * p3[t];
        }
        for (int k = 0; k < 4; k++) {
            int o = 8 * k;
            out[k] = ((out[o] * out[o + 1]) * (out[o + 2] * out[o + 3]))
                    * ((out[o + 4] * out[o + 5]) * (out[o + 6] * out[o + 7]));
        }
    }

    @Override
    public double productOfPairs(double[] a, double[] p, double[] b, double[] q, int n) {
        if (D.length() != 8) {
            return DenseKernels.super.productOfPairs(a, p, b, q, n);
        }
        DoubleVector acc = DoubleVector.broadcast(D, 1.0);
        int j = 0;
        for (; j + 8 <= n; j += 8) {
            acc = acc.mul(DoubleVector.fromArray(D, a, j).mul(DoubleVector.fromArray(D, p, j))
                    .add(DoubleVector.fromArray(D, b, j).mul(DoubleVector.fromArray(D, q, j))));
        }
        if (j < n) {
            VectorMask<Double> m = D.indexInRange(j, n);
            acc = acc.mul(DoubleVector.fromArray(D, a, j, m).mul(DoubleVector.fromArray(D, p, j, m))
                    .add(DoubleVector.fromArray(D, b, j, m).mul(DoubleVector.fromArray(D, q, j, m))), m);
        }
        return combine(acc);
    }

    /** The lanes combined in the scalar default's order (no reduceLanes, whose order may vary). */
    private static double combine(DoubleVector acc) {
        return ((acc.lane(0) * acc.lane(1)) * (acc.lane(2) * acc.lane(3)))
                * ((acc.lane(4) * acc.lane(5)) * (acc.lane(6) * acc.lane(7)));
    }
}
