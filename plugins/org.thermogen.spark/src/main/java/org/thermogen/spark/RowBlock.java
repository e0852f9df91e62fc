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

    /**
     * The rows of a batch this block holds: their values (row-major) and their places in the
     * batch, in batch order.
     *
     * @param values    {@code count} rows of {@code columns} values
     * @param positions their indices in the batch's list of places
     * @param count     how many of the batch's rows are here
     */
    record Gathered(double[] values, int[] positions, int count) implements Serializable {
    }

    /**
     * The rows at {@code places} of the rows spread over {@code blocks}, in that order,
     * row-major: one job, each partition sending the rows it holds.
     */
    static double[] fetch(JavaRDD<RowBlock> blocks, int[] places, int columns) {
        int[] wanted = places.clone();
        double[] out = new double[wanted.length * columns];
        for (Gathered g : blocks.map(b -> b.gather(wanted, columns)).collect()) {
            for (int i = 0; i < g.count(); i++) {
                System.arraycopy(g.values(), i * columns, out, g.positions()[i] * columns, columns);
            }
        }
        return out;
    }

    /** The rows among {@code places} (a batch's row places, in batch order) that this block holds. */
    Gathered gather(int[] places, int columns) {
        int m = 0;
        for (int place : places) {
            if (holds(place)) {
                m++;
            }
        }
        double[] x = new double[m * columns];
        int[] positions = new int[m];
        int k = 0;
        for (int i = 0; i < places.length; i++) {
            if (holds(places[i])) {
                System.arraycopy(values, (places[i] - first) * columns, x, k * columns, columns);
                positions[k++] = i;
            }
        }
        return new Gathered(x, positions, m);
    }

    /** True if row {@code place} of the training data is in this block. */
    boolean holds(int place) {
        return place >= first && place < first + rows;
    }
}
