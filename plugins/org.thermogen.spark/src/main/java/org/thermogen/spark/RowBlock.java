package org.thermogen.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.thermogen.runtime.data.Dataset;

/**
 * A partition's rows with their places in the training data: rows {@code first .. first +
 * rows - 1}, packed row-major. What data-parallel SGD needs, since a batch names its rows by
 * those places.
 *
 * @param first   the place of the block's first row
 * @param values  {@code rows * columns} values, row after row
 * @param rows    rows in this block
 */
public record RowBlock(int first, double[] values, int rows) implements Serializable {

    /** Spreads the rows of {@code data} over {@code partitions} partitions in order, each one block. */
    public static JavaRDD<RowBlock> of(JavaSparkContext spark, Dataset data, int partitions) {
        int n = data.rows();
        int d = data.columns();
        int parts = Math.max(1, Math.min(partitions, n));
        List<RowBlock> blocks = new ArrayList<>(parts);
        for (int p = 0; p < parts; p++) {
            int from = (int) ((long) n * p / parts);
            int to = (int) ((long) n * (p + 1) / parts);
            blocks.add(new RowBlock(from, java.util.Arrays.copyOfRange(data.values(), from * d, to * d), to - from));
        }
        return spark.parallelize(blocks, parts);
    }

    /** True if row {@code place} of the training data is in this block. */
    boolean holds(int place) {
        return place >= first && place < first + rows;
    }
}
