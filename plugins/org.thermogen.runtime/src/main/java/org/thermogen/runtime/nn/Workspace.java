package org.thermogen.runtime.nn;

import org.thermogen.runtime.compute.Backend;
import org.thermogen.runtime.compute.DenseKernels;
import org.thermogen.runtime.compute.Precision;

/**
 * The work buffers of one {@link Mlp} for batches of up to {@link #maxRows()} rows,
 * allocated once so that forward and backward passes allocate nothing. A workspace holds
 * the activations of the last forward pass, which the backward pass reads: use one
 * workspace per network per concurrent batch.
 */
public final class Workspace {
    final Mlp owner;
    final int maxRows;
    /** Pre-activations {@code z = a W + b} per layer, rows by fanOut. */
    final double[][] pre;
    /** Activations per layer, rows by fanOut; the last is the network's output. */
    final double[][] post;
    /** dLoss/d(pre-activation) per layer. */
    final double[][] delta;
    /** The input of the last forward pass (the caller's array, not copied). */
    double[] input;
    int rows;
    /** The float32 buffers of a float32 network, null for a float64 one. */
    final Single single;

    /** What a float32 pass works in: the layers' buffers and a float32 copy of the weights. */
    static final class Single {
        final DenseKernels kernels = Backend.kernels();
        final float[] w;
        /** The weights of every layer transposed, at the same offsets as in {@link #w}. */
        final float[] wt;
        final float[] grad;
        final float[] input;
        final float[] dInput;
        final float[][] pre;
        final float[][] post;
        final float[][] delta;

        Single(MlpSpec spec, int size, int maxRows) {
            int n = spec.layers();
            w = new float[size];
            wt = new float[size];
            grad = new float[size];
            input = new float[maxRows * spec.inputSize()];
            dInput = new float[maxRows * spec.inputSize()];
            pre = new float[n][];
            post = new float[n][];
            delta = new float[n][];
            for (int l = 0; l < n; l++) {
                int s = maxRows * spec.fanOut(l);
                pre[l] = new float[s];
                post[l] = new float[s];
                delta[l] = new float[s];
            }
        }
    }

    Workspace(Mlp owner, int maxRows) {
        if (maxRows <= 0) {
            throw new IllegalArgumentException("a workspace needs room for at least one row, got " + maxRows);
        }
        this.owner = owner;
        this.maxRows = maxRows;
        MlpSpec spec = owner.spec();
        int n = spec.layers();
        pre = new double[n][];
        post = new double[n][];
        delta = new double[n][];
        boolean exact = owner.precision() == Precision.FLOAT64;
        for (int l = 0; l < n; l++) {
            int size = maxRows * spec.fanOut(l);
            // A float32 network keeps only its output in float64.
            pre[l] = exact ? new double[size] : null;
            post[l] = exact || l == n - 1 ? new double[size] : null;
            delta[l] = exact ? new double[size] : null;
        }
        single = exact ? null : new Single(spec, owner.size(), maxRows);
    }

    public int maxRows() {
        return maxRows;
    }

    /** Rows of the last forward pass. */
    public int rows() {
        return rows;
    }

    /**
     * The outputs of the last forward pass, row-major with {@link MlpSpec#outputSize()}
     * columns; head {@code h} occupies columns {@code [h.start(), h.start() + h.size())}.
     * Only the first {@link #rows()} rows are meaningful. Do not modify.
     */
    public double[] output() {
        return post[post.length - 1];
    }

    /** Output column {@code column} of row {@code row}. */
    public double output(int row, int column) {
        return post[post.length - 1][row * owner.spec().outputSize() + column];
    }
}
