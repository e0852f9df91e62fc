package org.thermogen.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermogen.runtime.data.CsvSource;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.data.Interval;
import org.thermogen.runtime.data.Transforms;
import org.thermogen.runtime.mixture.CovarianceType;
import org.thermogen.runtime.mixture.ExpectationMaximization;
import org.thermogen.runtime.mixture.GaussianMixture;
import org.thermogen.runtime.mixture.MixtureFit;
import org.thermogen.runtime.run.RunContext;

/**
 * Rows read by Spark on the executors, never by the driver: a CSV file with a header and a
 * label column gives the rows the runtime's CSV source reads (to the bit); {@code standardize}
 * fitted on the executors gives the runtime's standardized rows (1e-12); the same rows written to
 * Parquet and read back are the same rows; and EM on them, standardized, follows EM on one
 * machine (1e-10).
 */
class SparkDataTest {
    private static SparkSession session;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        session = SparkSession.builder().master("local[2]").appName("SparkDataTest").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
    }

    @AfterAll
    static void stop() {
        session.stop();
    }

    private static List<double[]> sorted(List<double[]> rows) {
        List<double[]> s = new ArrayList<>(rows);
        s.sort(Comparator.comparingDouble((double[] r) -> r[0]).thenComparingDouble(r -> r[1]));
        return s;
    }

    @Test
    void csvAndParquetRowsStandardizedOnTheExecutors() throws IOException {
        GaussianMixture truth = GaussianMixture.of(CovarianceType.FULL, 2, new double[] {0.4, 0.6},
                new double[] {100, -3, 104, 2}, new double[] {1, 0.3, 0.3, 2, 0.5, 0, 0, 0.4});
        double[] x = truth.sample(1500, new SplittableRandom(9));
        StringBuilder csv = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 1500; i++) {
            csv.append(String.format(Locale.ROOT, "%.9f,%.9f,%d%n", x[2 * i], x[2 * i + 1], i % 2));
        }
        Path file = dir.resolve("points.csv");
        Files.writeString(file, csv);

        JavaRDD<double[]> rows = SparkData.csv(session, file.toString(), true, 0, 1).repartition(3);
        Dataset here = CsvSource.builder().path(file.toString()).features(Interval.of(0, 1)).label(2).build()
                .read(Path.of(""), "Points");
        List<double[]> there = sorted(rows.collect());
        List<double[]> local = new ArrayList<>();
        for (int i = 0; i < here.rows(); i++) {
            local.add(new double[] {here.values()[2 * i], here.values()[2 * i + 1]});
        }
        local = sorted(local);
        assertEquals(local.size(), there.size());
        for (int i = 0; i < local.size(); i++) {
            assertArrayEquals(local.get(i), there.get(i), 0.0, "row " + i);
        }

        SparkData.Standardization z = SparkData.standardization(rows, 2);
        Dataset standardized = Transforms.standardize().apply(here);
        double[] m = {0, 0};
        for (int i = 0; i < here.rows(); i++) {
            m[0] += here.values()[2 * i] / here.rows();
            m[1] += here.values()[2 * i + 1] / here.rows();
        }
        assertEquals(m[0], z.mean()[0], 1e-12 * Math.abs(m[0]));
        List<double[]> zHere = new ArrayList<>();
        for (int i = 0; i < here.rows(); i++) {
            zHere.add(new double[] {standardized.values()[2 * i], standardized.values()[2 * i + 1]});
        }
        zHere = sorted(zHere);
        List<double[]> zThere = sorted(z.apply(rows).collect());
        for (int i = 0; i < zHere.size(); i++) {
            assertArrayEquals(zHere.get(i), zThere.get(i), 1e-12, "standardized row " + i);
        }

        Path parquet = dir.resolve("points.parquet");
        session.read().option("header", true).option("inferSchema", true).csv(file.toString()).write()
                .parquet(parquet.toString());
        List<double[]> back = sorted(SparkData.parquet(session, parquet.toString(), "a", "b").collect());
        for (int i = 0; i < local.size(); i++) {
            assertArrayEquals(local.get(i), back.get(i), 0.0, "parquet row " + i);
        }

        // EM on the standardized rows where they are, against EM on one machine in their order there.
        JavaRDD<double[]> zRows = z.apply(SparkData.parquet(session, parquet.toString(), "a", "b")).cache();
        List<double[]> ordered = zRows.collect();
        double[] flat = new double[ordered.size() * 2];
        for (int i = 0; i < ordered.size(); i++) {
            System.arraycopy(ordered.get(i), 0, flat, 2 * i, 2);
        }
        ExpectationMaximization em = ExpectationMaximization.builder().tolerance(1e-8).maxIterations(30).build();
        GaussianMixture start = GaussianMixture.of(CovarianceType.FULL, 2, new double[] {0.5, 0.5},
                new double[] {-1, 0, 1, 0}, new double[] {1, 0, 0, 1, 1, 0, 0, 1});
        MixtureFit whole;
        MixtureFit spread;
        try (RunContext context = RunContext.withSeed(1)) {
            whole = em.fit(flat, ordered.size(), start, context);
            spread = SparkEm.fit(Block.of(zRows, 2).cache(), 2, em, start, context);
        }
        assertTrue(whole.iterations() > 2);
        assertEquals(whole.logLikelihood(), spread.logLikelihood(), 1e-10 * Math.abs(whole.logLikelihood()));
        for (int i = 0; i < 4; i++) {
            assertEquals(whole.mixture().means()[i], spread.mixture().means()[i], 1e-10);
        }
        assertThrows(org.apache.spark.SparkException.class,
                () -> SparkData.csv(session, file.toString(), false, 0, 1).count());
    }
}
