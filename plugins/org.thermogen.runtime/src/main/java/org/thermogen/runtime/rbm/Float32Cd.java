package org.thermogen.runtime.rbm;

import java.util.Arrays;
import org.thermogen.runtime.compute.Backend;
import org.thermogen.runtime.compute.DenseKernels;
import org.thermogen.runtime.compute.Precision;
import org.thermogen.runtime.energy.BipartiteEnergy;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.train.RowRandom;

/**
 * The mini-batch step of contrastive divergence for binary visible and hidden units in
 * float32 on the dense kernels ({@link Backend#kernels()}: the Vector API's SIMD kernels where
 * present): every field is one {@link DenseKernels#affine} product of a batch with {@code W}
 * or {@code W'}, every mean a {@link DenseKernels#sigmoid}, and the weight gradient's sums
 * {@link DenseKernels#accumulateGradients}. What {@link Batch} and {@link CdStep} do in
 * float64 with sparse row updates, the same draws from the same streams (row {@code r} from
 * {@code randoms[r]}, unit by unit, {@code nextDouble() < mean}; computed eight at a time by
 * {@link DenseKernels#drawBelow}, since a {@link RowRandom} is a counter), only with means
 * rounded to float32. Parameters, the optimizer and the gradient handed to it stay float64.
 *
 * <p>Measured on the digits (64 visible, 100 hidden units, batch 10), where the float64 path's
 * sparse row updates ran at a few GFLOP/s: see the commit that introduced it. Nothing here
 * allocates after construction.
 */
final class Float32Cd {
    /**
     * Spare floats after every array: a SIMD kernel's masked load of a row's last partial
     * vector (100 hidden units: six full vectors and one of four lanes) reaches past the row,
     * and the Vector API takes a slow lane-by-lane path when that load would run past the end
     * of the array. Measured on the digits, 1 thread, three runs each: 0.0107 s/epoch of
     * training-thread time without the slack, 0.0100-0.0103 with it. (The kernels themselves
     * could avoid the overrun; until they do, a caller with odd widths allocates the slack.)
     */
    private static final int SLACK = 64;

    private final DenseKernels kernels = Backend.kernels();
    private final int nv;
    private final int nh;
    /** Positive rows the arrays hold. */
    private final int capacity;
    /** {@code W} row-major ({@code nv x nh}) then the hidden biases {@code c}; {@code W'} ({@code nh x nv}) then {@code b}. */
    private final float[] w;
    private final float[] wt;
    final float[] vPos;
    private final float[] xPos;
    private final float[] mPos;
    final float[] vNeg;
    final float[] hNeg;
    private final float[] yNeg;
    private final float[] mVis;
    private final float[] xNeg;
    private final float[] mNeg;
    /** The weight gradient {@code nv x nh}, then the hidden biases' ({@code nh}). */
    private final float[] g;
    private final float[] scaled;
    /** The visible units' sums, in float64 (sums of zeros and ones, exact). */
    private final double[] visible;

    Float32Cd(int batch, int negRows, int nv, int nh) {
        this.capacity = batch;
        this.nv = nv;
        this.nh = nh;
        this.w = new float[nv * nh + nh + SLACK];
        this.wt = new float[nh * nv + nv + SLACK];
        this.vPos = new float[batch * nv + SLACK];
        this.xPos = new float[batch * nh + SLACK];
        this.mPos = new float[batch * nh + SLACK];
        int rows = Math.max(batch, negRows);
        this.vNeg = new float[rows * nv + SLACK];
        this.hNeg = new float[rows * nh + SLACK];
        this.yNeg = new float[rows * nv + SLACK];
        this.mVis = new float[rows * nv + SLACK];
        this.xNeg = new float[rows * nh + SLACK];
        this.mNeg = new float[rows * nh + SLACK];
        this.g = new float[nv * nh + nh + SLACK];
        this.scaled = new float[rows * nh + SLACK];
        this.visible = new double[nv];
    }

    /** Whether steps of this precision between these layers run here: binary units in float32. */
    static boolean serves(Precision precision, Domain visible, Domain hidden) {
        return precision == Precision.FLOAT32 && visible == Domain.BINARY && hidden == Domain.BINARY;
    }

    /** Takes the energy's current parameters, rounded to float32, in both orientations. */
    void weights(BipartiteEnergy e) {
        double[] ew = e.weights();
        for (int i = 0; i < nv * nh; i++) {
            w[i] = (float) ew[i];
        }
        kernels.transpose(nv, nh, w, 0, wt, 0);
        double[] c = e.hiddenBiases();
        for (int j = 0; j < nh; j++) {
            w[nv * nh + j] = (float) c[j];
        }
        double[] b = e.visibleBiases();
        for (int k = 0; k < nv; k++) {
            wt[nh * nv + k] = (float) b[k];
        }
    }

    /** Row {@code r} of the positive batch from {@code values[row * nv ...]}. */
    void loadPositive(int r, double[] values, int row) {
        int o = r * nv;
        int from = row * nv;
        for (int i = 0; i < nv; i++) {
            vPos[o + i] = (float) values[from + i];
        }
    }

    /** {@code E[h | v]} of the first {@code n} positive rows. */
    void positiveMeans(int n) {
        kernels.affine(n, nv, nh, vPos, w, 0, nv * nh, xPos);
        kernels.sigmoid(xPos, mPos, 0, n * nh);
    }

    /** Plain CD: a fresh chain from each positive row, its hidden units drawn from the means just found. */
    void freshChains(int n, RowRandom[] randoms) {
        System.arraycopy(vPos, 0, vNeg, 0, n * nv);
        draw(mPos, n, nh, randoms, hNeg);
    }

    /** Draws the chains' visibles given their hiddens. */
    void visibleGivenHidden(int rows, RowRandom[] randoms) {
        kernels.affine(rows, nh, nv, hNeg, wt, 0, nh * nv, yNeg);
        kernels.sigmoid(yNeg, mVis, 0, rows * nv);
        draw(mVis, rows, nv, randoms, vNeg);
    }

    /** {@code E[h | v]} of the chains' visibles. */
    void negativeMeans(int rows) {
        kernels.affine(rows, nv, nh, vNeg, w, 0, nv * nh, xNeg);
        kernels.sigmoid(xNeg, mNeg, 0, rows * nh);
    }

    /** Draws the chains' hiddens from the means of the last {@link #negativeMeans}. */
    void hiddenFromNegativeMeans(int rows, RowRandom[] randoms) {
        draw(mNeg, rows, nh, randoms, hNeg);
    }

    /** One more block-Gibbs sweep of the chains ({@code k > 1}): {@code h | v}, then {@code v | h}. */
    void sweep(int rows, RowRandom[] randoms) {
        negativeMeans(rows);
        hiddenFromNegativeMeans(rows, randoms);
        visibleGivenHidden(rows, randoms);
    }

    /**
     * Adds {@code scale} times the data term's sums over the first {@code n} positive rows
     * ({@code sum_r v_r E[h | v_r]'}, {@code sum_r E[h | v_r]}, {@code sum_r v_r}) to the
     * sums {@link #flush} hands over.
     */
    void accumulatePositive(int n, double scale) {
        accumulate(vPos, mPos, n, scale);
    }

    /** As {@link #accumulatePositive}, for the first {@code rows} chains with the means of the last {@link #negativeMeans}. */
    void accumulateNegative(int rows, double scale) {
        accumulate(vNeg, mNeg, rows, scale);
    }

    private void accumulate(float[] v, float[] means, int rows, double scale) {
        float s = (float) scale;
        for (int i = 0; i < rows * nh; i++) {
            scaled[i] = means[i] * s;
        }
        kernels.accumulateGradients(rows, nv, nh, v, scaled, g, 0, nv * nh);
        for (int r = 0; r < rows; r++) {
            int o = r * nv;
            for (int i = 0; i < nv; i++) {
                visible[i] += scale * v[o + i];
            }
        }
    }

    /**
     * Adds the sums accumulated since the last flush to {@code terms} (the layout of
     * {@link CdStep}: {@code W}, hidden biases, visible biases) and starts again from zero.
     */
    void flush(double[] terms) {
        int wc = nv * nh + nh;
        // One widening loop the JIT vectorizes, not a call per element.
        for (int k = 0; k < wc; k++) {
            terms[k] += g[k];
        }
        for (int i = 0; i < nv; i++) {
            terms[wc + i] += visible[i];
        }
        Arrays.fill(g, 0, wc, 0f);
        Arrays.fill(visible, 0.0);
    }

    /**
     * The mean over {@code count} rows of {@code values} of the squared error per unit of the
     * mean-field reconstruction ({@code E[v | E[h | v]]}), as
     * {@link RbmMetrics#reconstructionError} computes it in float64: the products and means in
     * float32 on the kernels, {@link #capacity} rows at a time, the squares summed in float64.
     * Uses the positive rows' arrays and the chains' visible ones.
     */
    double reconstructionError(double[] values, int count) {
        double s = 0;
        for (int from = 0; from < count; from += capacity) {
            int n = Math.min(capacity, count - from);
            for (int r = 0; r < n; r++) {
                loadPositive(r, values, from + r);
            }
            positiveMeans(n);
            kernels.affine(n, nh, nv, mPos, wt, 0, nh * nv, yNeg);
            kernels.sigmoid(yNeg, mVis, 0, n * nv);
            for (int i = 0; i < n * nv; i++) {
                double d = vPos[i] - mVis[i];
                s += d * d;
            }
        }
        return s / count / nv;
    }

    /** The chains' hidden states into (or from) the float64 rows the saved state holds. */
    void hiddenStatesInto(double[][] h, int rows) {
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < nh; j++) {
                h[r][j] = hNeg[r * nh + j];
            }
        }
    }

    void hiddenStatesFrom(double[][] h, int rows) {
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < nh; j++) {
                hNeg[r * nh + j] = (float) h[r][j];
            }
        }
    }

    /** {@code out[r, u] = 1} with probability {@code p[r, u]}, row {@code r} from {@code randoms[r]}, units in order. */
    private void draw(float[] p, int rows, int cols, RowRandom[] randoms, float[] out) {
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            kernels.drawBelow(randoms[r].skip(cols), p, o, out, o, cols);
        }
    }
}
