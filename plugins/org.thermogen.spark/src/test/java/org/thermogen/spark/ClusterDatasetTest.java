package org.thermogen.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermogen.runtime.data.CsvSource;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.data.DatasetDefinition;
import org.thermogen.runtime.data.DistributedRows;
import org.thermogen.runtime.data.Interval;
import org.thermogen.runtime.data.LoadedDataset;
import org.thermogen.runtime.data.Transforms;

/**
 * A dataset kept on the executors ({@link ClusterDataset}) against the runtime's loading of the
 * same file: the same split row for row, {@code standardize} fitted on the training part, the
 * rows of each part in the same places (a sum weighted by each row's place agrees to 1e-12),
 * the driver's sample a subset of the part in its order, and the same bits when the cached
 * blocks are lost and Spark computes them again from the file.
 */
class ClusterDatasetTest {
    private static JavaSparkContext spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("local[2]", "ClusterDatasetTest");
    }

    @AfterAll
    static void stop() {
        spark.close();
    }

    private final CsvSource declared = CsvSource.builder().path("declared.csv").features(Interval.of(1, 3)).build();

    /** Per column, the sum of each row's values weighted by its place (from 1), and the rows. */
    private static double[] placed(double[] values, int rows, int columns, long first) {
        double[] s = new double[columns + 1];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                s[c] += (first + r + 1) * values[r * columns + c];
            }
        }
        s[columns] = rows;
        return s;
    }

    @Test
    void theSplitTransformsAndPlacesAreTheLocalLoads() throws IOException {
        StringBuilder csv = new StringBuilder("id,a,b,c\n");
        SplittableRandom r = new SplittableRandom(21);
        for (int i = 0; i < 1000; i++) {
            csv.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f%n", i, 5 + r.nextGaussian(), -2 * r.nextDouble(),
                    i % 4 == 0 ? 7.0 : 7.5));
        }
        Path file = dir.resolve("rows.csv");
        Files.writeString(file, csv);
        DatasetDefinition def = DatasetDefinition.builder("Rows", "rows.gen", 1).source(declared.withPath(file.toString()))
                .transform(Transforms.standardize()).transform(Transforms.scale(2)).split(5, "train", 0.7, "test", 0.3)
                .build();
        LoadedDataset here = def.load(dir);
        for (int sample : new int[] {100, 5000}) {
            LoadedDataset there = new ClusterDataset(spark, new SparkSource(spark, file.toString(), declared, 3), sample,
                    (kept, rows) -> { }).load(def, dir);
            for (String part : new String[] {"train", "test"}) {
                Dataset local = here.part(part);
                Dataset held = there.part(part);
                assertEquals(local.rows(), there.rows(part), part);
                DistributedRows rows = sample >= local.rows() ? null : there.elsewhere(part).orElseThrow();
                if (rows == null) {
                    // Every row held here: the local part, up to the order of standardize's sums.
                    assertTrue(there.elsewhere(part).isEmpty());
                    assertEquals(local.rows(), held.rows());
                    for (int i = 0; i < local.values().length; i++) {
                        assertEquals(local.values()[i], held.values()[i], 1e-12, part + " value " + i);
                    }
                    continue;
                }
                assertTrue(held.rows() > sample / 2 && held.rows() < 2 * sample, part + ": " + held.rows());
                double[] expected = placed(local.values(), local.rows(), 3, 0);
                double[] actual = rows.sum(ClusterDatasetTest::placed);
                for (int c = 0; c <= 3; c++) {
                    assertEquals(expected[c], actual[c], 1e-12 * Math.max(1, Math.abs(expected[c])), part + " " + c);
                }
                // The sample is rows of the part, in the part's order.
                int at = 0;
                for (int i = 0; i < held.rows(); i++) {
                    double[] row = Arrays.copyOfRange(held.values(), 3 * i, 3 * i + 3);
                    while (at < local.rows() && !close(row, Arrays.copyOfRange(local.values(), 3 * at, 3 * at + 3))) {
                        at++;
                    }
                    assertTrue(at < local.rows(), part + ": sample row " + i + " is not a row of the part after the last");
                    at++;
                }
                // Cached blocks lost (an executor gone): Spark computes them again from the file, to the bit.
                ((ClusterDataset.ClusterRows) rows).rowBlocks().unpersist(true);
                assertArrayEquals(actual, rows.sum(ClusterDatasetTest::placed));
            }
            // The constant-looking column is not constant: standardize's deviation is the training part's.
            Set<Double> third = new HashSet<>();
            for (int i = 2; i < there.part("train").values().length; i += 3) {
                third.add(Math.rint(there.part("train").values()[i] * 1e6));
            }
            assertEquals(2, third.size());
        }
    }

    private static boolean close(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > 1e-12 * Math.max(1, Math.abs(a[i]))) {
                return false;
            }
        }
        return true;
    }
}
