package org.thermogen.runtime.train;

import java.util.SplittableRandom;

/**
 * The mini-batches of one epoch: a permutation of {@code rows} row indices cut into
 * consecutive batches of {@code batchSize} (the last one shorter if it does not divide).
 * {@link #shuffle} draws a new permutation per epoch; {@link #gather} copies a batch's rows
 * into a preallocated buffer. Nothing allocates after construction.
 */
public final class MiniBatches {
    private final int[] order;
    private final int batchSize;

    public MiniBatches(int rows, int batchSize) {
        if (rows <= 0) {
            throw new IllegalArgumentException("mini-batches need at least one row, got " + rows);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        this.order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        this.batchSize = Math.min(batchSize, rows);
    }

    /** Rows in a full batch (at most the number of rows). */
    public int batchSize() {
        return batchSize;
    }

    /** Batches per epoch. */
    public int count() {
        return (order.length + batchSize - 1) / batchSize;
    }

    /** Rows in batch {@code b}. */
    public int size(int b) {
        return Math.min(batchSize, order.length - b * batchSize);
    }

    /** The {@code i}-th row index of batch {@code b}. */
    public int row(int b, int i) {
        return order[b * batchSize + i];
    }

    /**
     * A uniformly random order drawn from the rows in their first order, so that it depends on
     * {@code random} alone and not on the orders before it: what a resumable trainer needs.
     */
    public void shuffleFromStart(SplittableRandom random) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        shuffle(random);
    }

    /** A new uniformly random order (Fisher-Yates). */
    public void shuffle(SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /**
     * Copies the rows of batch {@code b} from {@code values} (row-major, {@code columns} per
     * row) into {@code out}, one after another.
     */
    public void gather(double[] values, int columns, int b, double[] out) {
        for (int i = 0, n = size(b); i < n; i++) {
            System.arraycopy(values, row(b, i) * columns, out, i * columns, columns);
        }
    }
}
