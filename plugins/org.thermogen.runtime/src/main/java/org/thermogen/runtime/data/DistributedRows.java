package org.thermogen.runtime.data;

import java.io.Serializable;

/**
 * Rows that live somewhere other than this JVM, such as the partitions of a Spark cluster
 * ({@code thermogen run model.gen --data hdfs:///points.csv --spark ...}): what the runner and
 * the evaluations may ask of them without bringing them here. A {@link LoadedDataset} holds
 * such rows for its parts beside the sample of them this JVM keeps.
 *
 * <pre>{@code
 * DistributedRows rows = loaded.elsewhere("train").orElseThrow();
 * double[] sums = rows.sum((values, n, columns, first) -> new double[] {n, values.length});
 * }</pre>
 */
public interface DistributedRows {

    /** {@code Points.train}. */
    String name();

    int rows();

    int columns();

    /**
     * A SHA-256 digest of the rows: that of {@link Dataset#digest()} over the same values when
     * they are few enough to be read here, else one over the digests of the blocks in order.
     */
    String digest();

    /**
     * The sums of {@code f} over the blocks of rows, added element by element in an order that
     * depends on the blocks alone (so the same rows give the same bits on every run).
     */
    double[] sum(BlockSum f);

    /**
     * The first row, in the rows' order, for which {@code f} returns a value (its offset in the
     * block), with that value; empty if there is none. What a check of every value reads.
     */
    java.util.Optional<Found> first(BlockSearch f);

    /** A block's contribution to a {@link #sum}; sent to where the rows are. */
    @FunctionalInterface
    interface BlockSum extends Serializable {
        /**
         * @param values   the block's rows, row-major
         * @param rows     how many
         * @param columns  values per row
         * @param firstRow the index of the block's first row among all the rows
         */
        double[] of(double[] values, int rows, int columns, long firstRow);
    }

    /** Looks for a row in a block; sent to where the rows are. */
    @FunctionalInterface
    interface BlockSearch extends Serializable {
        /** The block's first matching row as {@code [row in block, column, value]}, or null. */
        double[] find(double[] values, int rows, int columns);
    }

    /** A row found by {@link #first}: its index among all the rows, its column and value. */
    record Found(long row, int column, double value) {
    }
}
