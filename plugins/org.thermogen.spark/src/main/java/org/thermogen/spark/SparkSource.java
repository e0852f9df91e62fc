package org.thermogen.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.thermogen.runtime.data.CsvSource;
import org.thermogen.runtime.data.DataException;
import org.thermogen.runtime.data.DataSource;
import org.thermogen.runtime.data.Dataset;

/**
 * A {@code csv(...)} source's rows read by Spark from another file ({@code thermogen run
 * model.gen --data hdfs:///data/digits.csv --spark ...}): a CSV file (compressed or not) or a
 * Parquet file (a path ending in {@code .parquet}), or a folder of them, on any file system
 * Spark reads. The executors read and parse their parts of the file, each line as
 * {@link CsvSource#read} parses it (the same columns, label, header and delimiter, the same
 * errors), one {@link Part} a partition in the file's order ({@link #withParts}), so that the
 * declaration's transforms and split give what a local run on the same file gives.
 * {@link ClusterDataset} keeps those parts on the executors; {@link #read} gathers them on the
 * driver, every row.
 *
 * <p>Parquet columns are chosen by position as the declaration's {@code features} and
 * {@code label} choose CSV columns, and keep their names.
 */
final class SparkSource implements DataSource {
    private final JavaSparkContext spark;
    private final String path;
    private final CsvSource declared;
    /** The fewest parts a CSV file is split into: one per core of the cluster, so that every core parses. */
    private final int minParts;

    SparkSource(JavaSparkContext spark, String path, CsvSource declared, int minParts) {
        this.spark = spark;
        this.path = path;
        this.declared = declared;
        this.minParts = minParts;
    }

    @Override
    public String describe() {
        return declared.withPath(path).describe() + " read by Spark";
    }

    @Override
    public Dataset read(Path baseDirectory, String name) {
        List<Part> parts = withParts(JavaRDD::collect);
        int rows = 0;
        for (Part p : parts) {
            rows += p.rows;
        }
        if (rows == 0) {
            throw new DataException(path, 0, "has no data rows");
        }
        int columns = parts.get(0).columns;
        double[] values = new double[Math.multiplyExact(rows, columns)];
        int[] labels = declared.label() >= 0 ? new int[rows] : null;
        int at = 0;
        for (Part p : parts) {
            System.arraycopy(p.values, 0, values, at * columns, p.rows * columns);
            if (labels != null) {
                System.arraycopy(p.labels, 0, labels, at, p.rows);
            }
            at += p.rows;
        }
        return new Dataset(name, rows, columns, values, labels, parts.get(0).names);
    }

    private boolean isParquet() {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return p.endsWith(".parquet");
    }

    /** One partition's rows, with the columns' names when the file has them. */
    record Part(int rows, int columns, double[] values, int[] labels, List<String> names) implements Serializable {
    }

    /**
     * Runs {@code action} (a Spark action: collect, count) on the file's rows, one {@link Part}
     * per partition in the file's order, with a problem in the file reported as a
     * {@link DataException} naming it (and the line, for a CSV file) wherever Spark split it.
     */
    <T> T withParts(org.apache.spark.api.java.function.Function<JavaRDD<Part>, T> action) {
        return isParquet() ? parquet(action) : csv(action);
    }

    /** A line's problem, with its partition and its line there, to be placed in the file by the driver. */
    private static final class PartLineException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int partition;
        final int line;
        final String problem;

        PartLineException(int partition, int line, String problem) {
            super("part " + partition + ", line " + line + ": " + problem);
            this.partition = partition;
            this.line = line;
            this.problem = problem;
        }
    }

    private <T> T csv(org.apache.spark.api.java.function.Function<JavaRDD<Part>, T> action) {
        JavaRDD<String> lines = spark.textFile(path, minParts);
        String first;
        try {
            List<String> firsts = lines.filter(l -> !l.isBlank()).take(1);
            if (firsts.isEmpty()) {
                throw new DataException(path, 0, "the file is empty");
            }
            first = firsts.get(0);
        } catch (DataException e) {
            throw e;
        } catch (Exception e) {   // Spark's and Hadoop's checked exceptions too, thrown undeclared
            throw new DataException(path, 0, "cannot be read by Spark: " + rootMessage(e), e);
        }
        // The first line alone: a header naming fewer columns than the features, say.
        declared.withPath(path).parse(first, java.util.Collections.emptyIterator());
        CsvSource csv = declared;
        String at = path;
        try {
            return action.call(lines.mapPartitionsWithIndex((p, it) -> {
                Dataset d;
                try {
                    d = csv.parse(first, it);
                } catch (DataException e) {
                    throw new PartLineException(p, e.line(), e.problem());
                }
                return List.of(new Part(d.rows(), d.columns(), d.values(), d.labels(),
                        d.columnNames().orElse(null))).iterator();
            }, true));
        } catch (Exception e) {   // a task's failure comes as Spark's checked SparkException
            PartLineException part = find(e);
            if (part == null) {
                throw new DataException(at, 0, "cannot be read by Spark: " + rootMessage(e), e);
            }
            if (!singleFile()) {
                throw new DataException(at + " (Spark's part " + part.partition + ")", part.line, part.problem, e);
            }
            int p = part.partition;
            long before = lines.mapPartitionsWithIndex((i, it) -> {
                long n = 0;
                if (i < p) {
                    for (; it.hasNext(); it.next()) {
                        n++;
                    }
                }
                return List.of(n).iterator();
            }, true).reduce(Long::sum);
            throw new DataException(at, (int) Math.min(Integer.MAX_VALUE, before + part.line), part.problem, e);
        }
    }

    private <T> T parquet(org.apache.spark.api.java.function.Function<JavaRDD<Part>, T> action) {
        SparkSession session = SparkSession.builder().sparkContext(spark.sc()).getOrCreate();
        org.apache.spark.sql.Dataset<Row> frame;
        try {
            frame = session.read().parquet(path);
        } catch (Exception e) {
            throw new DataException(path, 0, "cannot be read by Spark as Parquet: " + rootMessage(e), e);
        }
        StructField[] fields = frame.schema().fields();
        int label = declared.label();
        if (label >= fields.length) {
            throw new DataException(path, 0, "label " + label + " is beyond its " + fields.length + " columns (0.."
                    + (fields.length - 1) + ")");
        }
        int[] selected = declared.featureColumns(fields.length);
        List<String> names = new ArrayList<>();
        for (int c : selected) {
            if (c >= fields.length) {
                throw new DataException(path, 0, "features reach column " + c + ", but it has " + fields.length
                        + " columns (0.." + (fields.length - 1) + ")");
            }
            names.add(fields[c].name());
        }
        List<String> read = new ArrayList<>(names);
        if (label >= 0) {
            read.add(fields[label].name());
        }
        int d = selected.length;
        String at = path;   // the task's copy: the source itself (with Spark's context) stays here
        try {
            return action.call(SparkData.columns(frame, path, read.toArray(String[]::new)).mapPartitions((Iterator<double[]> it) -> {
                double[] values = new double[0];
                int[] labels = new int[0];
                int rows = 0;
                while (it.hasNext()) {
                    double[] row = it.next();
                    if (values.length < (rows + 1) * d) {
                        values = java.util.Arrays.copyOf(values, Math.max(16 * d, 2 * values.length));
                        labels = java.util.Arrays.copyOf(labels, Math.max(16, 2 * labels.length));
                    }
                    System.arraycopy(row, 0, values, rows * d, d);
                    if (label >= 0) {
                        double v = row[d];
                        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
                            throw new DataException(at, 0, "column " + label + " holds " + v
                                    + ", not an integer label");
                        }
                        labels[rows] = (int) v;
                    }
                    rows++;
                }
                return List.of(new Part(rows, d, java.util.Arrays.copyOf(values, rows * d),
                        label >= 0 ? java.util.Arrays.copyOf(labels, rows) : null, names)).iterator();
            }));
        } catch (Exception e) {
            // A task's problem (SparkData's column, or the label above) comes back as its cause.
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof DataException bad) {
                    throw new DataException(path, 0, bad.problem(), e);
                }
            }
            throw new DataException(path, 0, "cannot be read by Spark: " + rootMessage(e), e);
        }
    }

    /** Whether {@link #path} names one file (not a folder or a pattern), so that its lines can be counted through. */
    private boolean singleFile() {
        try {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
            return p.getFileSystem(spark.hadoopConfiguration()).getFileStatus(p).isFile();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static PartLineException find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PartLineException p) {
                return p;
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
