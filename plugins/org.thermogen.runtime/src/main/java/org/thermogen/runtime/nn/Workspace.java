package org.thermogen.runtime.nn;

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
        for (int l = 0; l < n; l++) {
            int size = maxRows * spec.fanOut(l);
            pre[l] = new double[size];
            post[l] = new double[size];
            delta[l] = new double[size];
        }
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
