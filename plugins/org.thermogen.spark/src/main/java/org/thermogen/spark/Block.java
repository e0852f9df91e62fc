package org.thermogen.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * The rows of one partition packed row-major into one array, what the runtime's passes
 * read: a partition of a million rows is one object to the JVM, not a million.
 *
 * @param values {@code rows * columns} values, row after row
 * @param rows   rows in this block
 */
public record Block(double[] values, int rows) implements Serializable {

    /**
     * Packs each partition of {@code rows} (arrays of {@code columns} values) into one block;
     * the partitioning is kept. Cache the result when it is read more than once.
     *
     * @throws IllegalArgumentException (in the task) for a row of another length
     */
    public static JavaRDD<Block> of(JavaRDD<double[]> rows, int columns) {
        return rows.mapPartitions(it -> {
            List<double[]> kept = new ArrayList<>();
            while (it.hasNext()) {
                double[] r = it.next();
                if (r.length != columns) {
                    throw new IllegalArgumentException("a row of " + r.length + " values among rows of " + columns);
                }
                kept.add(r);
            }
            double[] v = new double[kept.size() * columns];
            for (int i = 0; i < kept.size(); i++) {
                System.arraycopy(kept.get(i), 0, v, i * columns, columns);
            }
            Iterator<Block> one = List.of(new Block(v, kept.size())).iterator();
            return one;
        }, true);
    }

    /** The rows of {@code blocks} as EM's passes read them, without their places; the partitioning is kept. */
    public static JavaRDD<Block> withoutPlaces(JavaRDD<RowBlock> blocks) {
        return blocks.map(b -> new Block(b.values(), b.rows()));
    }
}
