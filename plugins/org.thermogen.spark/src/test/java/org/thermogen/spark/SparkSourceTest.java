package org.thermogen.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermogen.runtime.data.CsvSource;
import org.thermogen.runtime.data.DataException;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.data.Interval;

/**
 * A {@code csv(...)} declaration's rows read by Spark from another file ({@code --data}): a
 * CSV file split into 1, 3 and 7 parts, with or without a header, gzipped or not, gives the
 * rows, labels and column names the runtime's own reading of it gives, in its order; a bad
 * line is named by its line in the file, wherever Spark split it; a folder of files each with
 * its header gives all their rows; Parquet columns are chosen by position.
 */
class SparkSourceTest {
    private static JavaSparkContext spark;

    @TempDir
    Path dir;

    /** Three features of four columns and the label last, as a .gen file would declare them. */
    private final CsvSource declared = CsvSource.builder().path("declared.csv").features(Interval.of(0, 2)).label(3)
            .build();

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("local[2]", "SparkSourceTest");
    }

    @AfterAll
    static void stop() {
        spark.close();
    }

    /** {@code n} lines of three numbers and a label, after a header when one is given, with a blank line now and then. */
    private static String lines(int n, String header, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder b = new StringBuilder(header == null ? "" : header + "\n");
        for (int i = 0; i < n; i++) {
            b.append(String.format(Locale.ROOT, "%.6f, %.3e,%d,%d%n", random.nextGaussian(), random.nextDouble() * 1e-3,
                    random.nextInt(100), random.nextInt(10)));
            if (i % 97 == 0) {
                b.append('\n');
            }
        }
        return b.toString();
    }

    private static void assertSameRows(Dataset expected, Dataset actual) {
        assertEquals(expected.rows(), actual.rows());
        assertEquals(expected.columns(), actual.columns());
        assertArrayEquals(expected.values(), actual.values());
        assertArrayEquals(expected.labels(), actual.labels());
        assertEquals(expected.columnNames(), actual.columnNames());
    }

    @Test
    void csvPartsParsedByTasksAreTheRowsReadHereInTheirOrder() throws IOException {
        Path withHeader = dir.resolve("with-header.csv");
        Files.writeString(withHeader, "\uFEFF" + lines(1200, "x,y,z,digit", 1));
        Path plain = dir.resolve("plain.csv");
        Files.writeString(plain, lines(800, null, 2));
        Path gzipped = dir.resolve("packed.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzipped))) {
            out.write(lines(500, "x,y,z,digit", 3).getBytes(StandardCharsets.UTF_8));
        }
        for (Path file : List.of(withHeader, plain, gzipped)) {
            Dataset here = declared.withPath(file.toString()).read(dir, "D");
            for (int parts : new int[] {1, 3, 7}) {
                Dataset there = new SparkSource(spark, file.toString(), declared, parts).read(dir, "D");
                assertEquals("D", there.name());
                assertSameRows(here, there);
            }
        }
        assertEquals(List.of("x", "y", "z"), declared.withPath(withHeader.toString()).read(dir, "D").columnNames()
                .orElseThrow());
    }

    @Test
    void aBadLineIsNamedByItsLineInTheFileWhereverSparkSplitIt() throws IOException {
        String good = lines(900, "x,y,z,digit", 4);
        List<String> all = new ArrayList<>(good.lines().toList());
        all.set(700, "0.5,0.25,oops,3");
        Path file = dir.resolve("bad.csv");
        Files.write(file, all);
        DataException here = assertThrows(DataException.class, () -> declared.withPath(file.toString()).read(dir, "D"));
        for (int parts : new int[] {1, 7}) {
            DataException there = assertThrows(DataException.class,
                    () -> new SparkSource(spark, file.toString(), declared, parts).read(dir, "D"));
            assertEquals(701, there.line());
            assertEquals(here.getMessage(), there.getMessage());
        }
        all.set(700, "0.5,0.25");
        Files.write(file, all);
        DataException short1 = assertThrows(DataException.class,
                () -> new SparkSource(spark, file.toString(), declared, 5).read(dir, "D"));
        assertEquals(file + ":701: expected 4 columns as on line 1, found 2", short1.getMessage());

        DataException missing = assertThrows(DataException.class,
                () -> new SparkSource(spark, dir.resolve("none.csv").toString(), declared, 2).read(dir, "D"));
        assertEquals(0, missing.line());
    }

    @Test
    void aFolderOfFilesEachWithItsHeaderGivesAllTheirRows() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("parts"));
        Files.writeString(folder.resolve("part-0.csv"), lines(300, "x,y,z,digit", 5));
        Files.writeString(folder.resolve("part-1.csv"), lines(200, "x,y,z,digit", 6));
        Dataset a = declared.withPath(folder.resolve("part-0.csv").toString()).read(dir, "D");
        Dataset b = declared.withPath(folder.resolve("part-1.csv").toString()).read(dir, "D");
        Dataset there = new SparkSource(spark, folder.toString(), declared, 3).read(dir, "D");
        assertEquals(500, there.rows());
        // The files' order is the file system's listing: compare the rows as sets.
        assertArrayEquals(sortedRows(concat(a, b)), sortedRows(there));
    }

    private static double[] concat(Dataset a, Dataset b) {
        double[] v = Arrays.copyOf(a.values(), a.values().length + b.values().length);
        System.arraycopy(b.values(), 0, v, a.values().length, b.values().length);
        return v;
    }

    private static double[] sortedRows(Dataset d) {
        return sortedRows(d.values());
    }

    /** Rows of three, sorted by their first value (distinct here), flattened again. */
    private static double[] sortedRows(double[] values) {
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < values.length; i += 3) {
            rows.add(Arrays.copyOfRange(values, i, i + 3));
        }
        rows.sort((p, q) -> Double.compare(p[0], q[0]));
        double[] out = new double[values.length];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, out, 3 * i, 3);
        }
        return out;
    }

    @Test
    void parquetColumnsAreChosenByPositionAndKeepTheirNames() {
        SparkSession session = SparkSession.builder().sparkContext(spark.sc()).getOrCreate();
        StructType schema = new StructType().add("x", DataTypes.DoubleType).add("y", DataTypes.FloatType)
                .add("z", DataTypes.IntegerType).add("digit", DataTypes.LongType);
        List<Row> rows = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(8);
        double[] values = new double[3 * 400];
        int[] labels = new int[400];
        for (int i = 0; i < 400; i++) {
            double x = random.nextGaussian();
            float y = (float) random.nextDouble();
            int z = random.nextInt(50);
            labels[i] = random.nextInt(10);
            values[3 * i] = x;
            values[3 * i + 1] = y;
            values[3 * i + 2] = z;
            rows.add(RowFactory.create(x, y, z, (long) labels[i]));
        }
        String file = dir.resolve("points.parquet").toString();
        session.createDataFrame(rows, schema).coalesce(1).write().parquet(file);

        Dataset there = new SparkSource(spark, file, declared, 2).read(dir, "P");
        assertEquals(400, there.rows());
        assertArrayEquals(values, there.values());
        assertArrayEquals(labels, there.labels());
        assertEquals(List.of("x", "y", "z"), there.columnNames().orElseThrow());

        String holes = dir.resolve("holes.parquet").toString();
        List<Row> withNull = new ArrayList<>(rows.subList(0, 50));
        withNull.set(17, RowFactory.create(0.5, null, 3, 1L));
        session.createDataFrame(withNull, schema).coalesce(1).write().parquet(holes);
        DataException missing = assertThrows(DataException.class, () -> new SparkSource(spark, holes, declared, 2)
                .read(dir, "P"));
        assertEquals(holes + ": column y has a missing value or one that is not a number", missing.getMessage());

        CsvSource tooWide = CsvSource.builder().path("declared.csv").features(Interval.of(0, 4)).build();
        DataException wide = assertThrows(DataException.class, () -> new SparkSource(spark, file, tooWide, 2)
                .read(dir, "P"));
        assertEquals(file + ": features reach column 4, but it has 4 columns (0..3)", wide.getMessage());
    }
}
