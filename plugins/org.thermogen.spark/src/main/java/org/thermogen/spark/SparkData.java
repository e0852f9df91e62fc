package org.thermogen.spark;

import java.io.Serializable;
import java.util.Iterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.thermogen.runtime.data.DataException;

/**
 * Rows that never pass through the driver: CSV or Parquet files on any file system Spark
 * reads ({@code file:}, {@code hdfs:}, {@code s3a:}, ...), the chosen columns as numbers, and
 * the {@code standardize} transform fitted on them on the executors. What {@link Block#of} and
 * {@link SparkEm} take when the data outgrow one machine.
 *
 * <pre>{@code
 * JavaRDD<double[]> train = SparkData.csv(session, "hdfs:///data/points.csv", true, 0, 1);
 * SparkData.Standardization z = SparkData.standardization(train, 2);
 * JavaRDD<Block> blocks = Block.of(z.apply(train), 2).cache();
 * }</pre>
 */
public final class SparkData {
    private SparkData() {
    }

    /**
     * The numbers in {@code columns} (counted from 0) of the CSV files at {@code path}.
     *
     * @param header whether each file starts with a line of column names
     * @throws DataException (in the task) for a field that is not a number, naming it
     */
    public static JavaRDD<double[]> csv(SparkSession session, String path, boolean header, int... columns) {
        int[] cs = columns.clone();
        return session.read().option("header", header).option("inferSchema", false).csv(path).javaRDD()
                .map(row -> {
                    double[] v = new double[cs.length];
                    for (int i = 0; i < cs.length; i++) {
                        Object field = row.get(cs[i]);
                        try {
                            v[i] = Double.parseDouble(String.valueOf(field).trim());
                        } catch (NumberFormatException e) {
                            throw new DataException(path, 0, "column " + cs[i] + " holds '" + field
                                    + "', not a number");
                        }
                    }
                    return v;
                });
    }

    /** The numeric columns named {@code columns} of the Parquet files at {@code path}, as doubles. */
    public static JavaRDD<double[]> parquet(SparkSession session, String path, String... columns) {
        return columns(session.read().parquet(path), path, columns);
    }

    /**
     * The columns named {@code columns} of {@code frame} (read from {@code path}, for messages),
     * cast to doubles: names are taken literally (dots and back-quotes too).
     *
     * @throws DataException (in the task) for a missing value or one that is not a number,
     *         naming {@code path} and the column
     */
    static JavaRDD<double[]> columns(org.apache.spark.sql.Dataset<Row> frame, String path, String... columns) {
        String[] cs = columns.clone();
        org.apache.spark.sql.Column[] selected = new org.apache.spark.sql.Column[cs.length];
        for (int i = 0; i < cs.length; i++) {
            selected[i] = org.apache.spark.sql.functions.col("`" + cs[i].replace("`", "``") + "`").cast("double");
        }
        return frame.select(selected).javaRDD().map((Row row) -> {
            double[] v = new double[cs.length];
            for (int i = 0; i < cs.length; i++) {
                if (row.isNullAt(i)) {
                    throw new DataException(path, 0, "column " + cs[i]
                            + " has a missing value or one that is not a number");
                }
                v[i] = row.getDouble(i);
            }
            return v;
        });
    }

    /**
     * The {@code standardize} transform fitted on rows of {@code d} columns, as the runtime fits
     * it: the column means, then the population deviations about them (a second pass), and
     * zero for a column whose values are all equal. Fit it on the training rows and apply it to
     * every part.
     */
    public static Standardization standardization(JavaRDD<double[]> rows, int d) {
        double[] sums = OrderedTree.aggregate(rows, (Iterator<double[]> it) -> {
            double[] s = new double[d + 1];
            while (it.hasNext()) {
                double[] r = it.next();
                for (int c = 0; c < d; c++) {
                    s[c] += r[c];
                }
                s[d]++;
            }
            return s;
        }, OrderedTree::add);
        double n = sums[d];
        double[] mean = new double[d];
        for (int c = 0; c < d; c++) {
            mean[c] = sums[c] / n;
        }
        // Squared deviations, then each column's least and greatest value (a constant column is equal to the bit).
        double[] spread = OrderedTree.aggregate(rows, (Iterator<double[]> it) -> {
            double[] s = new double[3 * d];
            for (int c = 0; c < d; c++) {
                s[d + c] = Double.POSITIVE_INFINITY;
                s[2 * d + c] = Double.NEGATIVE_INFINITY;
            }
            while (it.hasNext()) {
                double[] r = it.next();
                for (int c = 0; c < d; c++) {
                    double u = r[c] - mean[c];
                    s[c] += u * u;
                    s[d + c] = Math.min(s[d + c], r[c]);
                    s[2 * d + c] = Math.max(s[2 * d + c], r[c]);
                }
            }
            return s;
        }, (a, b) -> {
            for (int c = 0; c < d; c++) {
                a[c] += b[c];
                a[d + c] = Math.min(a[d + c], b[d + c]);
                a[2 * d + c] = Math.max(a[2 * d + c], b[2 * d + c]);
            }
            return a;
        });
        double[] inverseStd = new double[d];
        for (int c = 0; c < d; c++) {
            inverseStd[c] = spread[d + c] != spread[2 * d + c] ? 1.0 / Math.sqrt(spread[c] / n) : 0.0;
        }
        return new Standardization(mean, inverseStd);
    }

    /**
     * A fitted {@code standardize}: {@code z = (x - mean) / sd}, a constant column to 0.
     *
     * @param mean       the columns' means
     * @param inverseStd one over their population deviations; 0 for a constant column
     */
    public record Standardization(double[] mean, double[] inverseStd) implements Serializable {
        /** The rows standardized, on the executors. */
        public JavaRDD<double[]> apply(JavaRDD<double[]> rows) {
            double[] m = mean;
            double[] s = inverseStd;
            return rows.map(r -> {
                double[] z = new double[r.length];
                for (int c = 0; c < r.length; c++) {
                    z[c] = (r[c] - m[c]) * s[c];
                }
                return z;
            });
        }
    }
}
