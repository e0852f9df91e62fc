package org.thermogen.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermogen.cli.ThermogenCommand;

/**
 * {@code thermogen run gmm.gen --spark local[2]} as a person runs it: the mixture is trained
 * by EM on Spark from the k-means starts of the same seed ({@code restarts 3}: each start run to
 * convergence on the cluster, the best kept), and every output is the local run's:
 * the checkpoint's parameters and the metrics agree with a run without Spark to 1e-10 (only the
 * order of the additions differs); the sweep {@code bic(components 1..5)}, one task per number
 * of components, gives the local run's series to the bit; a trainer without a Spark
 * counterpart is refused with what to do.
 */
class SparkRunTest {
    @TempDir
    Path dir;

    private record Result(int status, String out, String err) {
    }

    private static Result thermogen(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = ThermogenCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(status, out.toString(), err.toString());
    }

    /**
     * {@link Submit#run} as spark-submit starts it on {@code local[2]} (the master as the
     * {@code spark.master} property), with {@code jars} (a compiled model's classes, or null) as
     * the context class loader, where spark-submit puts {@code --jars}.
     */
    private static Result submit(ClassLoader jars, String... args) {
        String before = System.getProperty("spark.master");
        Thread thread = Thread.currentThread();
        ClassLoader loader = thread.getContextClassLoader();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        System.setProperty("spark.master", "local[2]");
        if (jars != null) {
            thread.setContextClassLoader(jars);
        }
        try {
            int status = Submit.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
            return new Result(status, out.toString(), err.toString());
        } finally {
            thread.setContextClassLoader(loader);
            if (before == null) {
                System.clearProperty("spark.master");
            } else {
                System.setProperty("spark.master", before);
            }
        }
    }

    /** The mixture parameters two runs wrote ({@code params/pi.npy}, {@code mu}, {@code Sigma}) agree to 1e-10. */
    private static void assertSameMixture(Path expected, Path actual) throws IOException {
        for (String p : new String[] {"pi", "mu", "Sigma"}) {
            double[] x = org.thermogen.runtime.io.Npy.read(expected.resolve("params/" + p + ".npy")).values();
            double[] y = org.thermogen.runtime.io.Npy.read(actual.resolve("params/" + p + ".npy")).values();
            assertEquals(x.length, y.length, actual + ": " + p);
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i], y[i], 1e-10 * Math.max(1, Math.abs(x[i])), actual + ": " + p + "[" + i + "]");
            }
        }
    }

    /** The series of the bic sweep in {@code eval.json}: the criterion at each number of components. */
    @SuppressWarnings("unchecked")
    private static List<Object> sweep(Path out) throws IOException {
        java.util.Map<String, Object> eval = (java.util.Map<String, Object>) org.thermogen.runtime.io.Json.parse(
                Files.readString(out.resolve("eval.json")));
        for (Object r : (List<Object>) eval.get("results")) {
            java.util.Map<String, Object> result = (java.util.Map<String, Object>) r;
            if ("bic_train".equals(result.get("name"))) {
                return (List<Object>) ((java.util.Map<String, Object>) result.get("series")).get("y");
            }
        }
        throw new AssertionError("no bic_train in " + out);
    }

    @Test
    void aMixtureTrainsOnSparkAsItDoesHere() throws IOException {
        Path gen = dir.resolve("gmm.gen");
        Files.writeString(gen, """
                dataset Blobs = blobs(n 3000, centers 3, dim 2, std 0.9, spread 4, seed 3) split train 0.8, test 0.2 seed 1
                model Gmm {
                  observed x[2] : real
                  latent k : categorical(3)
                  param pi[3] : simplex
                  param mu[3,2]
                  param Sigma[3,2,2] : spd
                  k ~ categorical(pi)
                  x | k ~ normal(mu[k], Sigma[k])
                  train on Blobs.train with em(max_iter 50, tol 1e-8, restarts 3)
                  evaluate log_likelihood on Blobs.test, bic(components 1..5) on Blobs.train
                }
                """);
        Result local = thermogen("run", gen.toString(), "--out", dir.resolve("local").toString());
        assertEquals(0, local.status(), local.err());
        Result spark = thermogen("run", gen.toString(), "--out", dir.resolve("spark").toString(), "--spark", "local[2]");
        assertEquals(0, spark.status(), spark.err());
        assertTrue(spark.err().contains("em on spark local[2]: 2400 rows in 2 partitions"), spark.err());
        assertTrue(spark.err().contains("sweep on spark: 5 fits on 5 tasks"), spark.err());
        assertEquals(sweep(dir.resolve("local")), sweep(dir.resolve("spark")));
        assertEquals(5, sweep(dir.resolve("spark")).size());
        List<String> a = Files.readAllLines(dir.resolve("local/metrics.csv"));
        List<String> b = Files.readAllLines(dir.resolve("spark/metrics.csv"));
        assertEquals(a.size(), b.size(), "iterations");
        assertTrue(a.size() > 3, a.toString());
        for (int i = 1; i < a.size(); i++) {
            double x = Double.parseDouble(a.get(i).split(",")[1]);
            double y = Double.parseDouble(b.get(i).split(",")[1]);
            assertEquals(x, y, 1e-10 * Math.abs(x), "iteration " + i);
        }
        assertSameMixture(dir.resolve("local"), dir.resolve("spark"));

        Path other = dir.resolve("other");
        Files.createDirectories(other);
        Files.writeString(other.resolve("pair.gen"), """
                dataset D = boltzmann_samples(units 2, n 100, seed 1)
                model Pair {
                  visible s[2] : spin
                  param J
                  energy E(s) = -J * s[0] * s[1]
                  train on D with moment_matching
                }
                """);
        Result refused = thermogen("train", other.resolve("pair.gen").toString(), "--out", other.resolve("out").toString(),
                "--spark", "local[2]");
        assertEquals(1, refused.status(), refused.out() + refused.err());
        assertTrue(refused.err().contains("has no Spark counterpart yet: on Spark, em trains Gaussian mixtures, elbo VAEs,"
                + " denoising diffusion models and cd or pcd restricted Boltzmann machines; run Pair without --spark"),
                refused.err());
    }

    /**
     * {@code thermogen train gmm.gen --data FILE --spark local[2]}: Spark reads the rows from a
     * CSV file, or from the same rows as Parquet, with the declaration's columns, standardize
     * and split, and the mixture trained on them is the one a local run trains on that CSV file
     * (1e-10); a path Spark cannot read is one line naming it.
     */
    @Test
    void dataReadBySparkTrainsAsTheLocalFileDoes() throws IOException {
        StringBuilder csv = new StringBuilder("id,a,b\n");
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        List<org.apache.spark.sql.Row> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            double a = (i % 2 == 0 ? 3 : -3) + r.nextGaussian();
            double b = 10 + 2 * r.nextGaussian();
            csv.append(i).append(',').append(a).append(',').append(b).append('\n');
            rows.add(org.apache.spark.sql.RowFactory.create((double) i, a, b));
        }
        Path data = dir.resolve("points.csv");
        Files.writeString(data, csv);
        Path gen = dir.resolve("two.gen");
        Files.writeString(gen, """
                dataset Points = csv("declared.csv", features 1..2) standardize split train 0.75, test 0.25 seed 4
                model Two {
                  observed x[2] : real
                  latent k : categorical(2)
                  param pi[2] : simplex
                  param mu[2,2]
                  param Sigma[2,2,2] : spd
                  k ~ categorical(pi)
                  x | k ~ normal(mu[k], Sigma[k])
                  train on Points.train with em(max_iter 40, tol 1e-9)
                }
                """);
        Result local = thermogen("train", gen.toString(), "--out", dir.resolve("local").toString(), "--data",
                data.toString());
        assertEquals(0, local.status(), local.err());
        Path parquet = dir.resolve("points.parquet");
        writeParquet(rows, parquet, 1);
        for (Path file : List.of(data, parquet)) {
            Path out = dir.resolve("spark-" + file.getFileName());
            Result spark = thermogen("train", gen.toString(), "--out", out.toString(), "--data", file.toString(),
                    "--spark", "local[2]");
            assertEquals(0, spark.status(), spark.err());
            assertTrue(spark.err().contains("Points: 2000 rows of 2 columns from csv(\"" + file
                    + "\", features 1..2) read by Spark, kept on the executors ("), spark.err());
            assertTrue(spark.err().contains("em on spark local[2]: 1500 rows of Points.train on the executors in "),
                    spark.err());
            assertSameMixture(dir.resolve("local"), out);
        }
        Result missing = thermogen("train", gen.toString(), "--out", dir.resolve("missing").toString(), "--data",
                dir.resolve("none.csv").toString(), "--spark", "local[2]");
        assertEquals(1, missing.status(), missing.err());
        assertTrue(missing.err().contains(dir.resolve("none.csv") + ": cannot be read by Spark: Input path does not"
                + " exist"), missing.err());
    }

    /**
     * {@code thermogen run two.gen --data FILE --spark local[2]} with more rows than the driver
     * keeps (a sample of 300 of each part, {@code thermogen.spark.sampleRows}): the rows stay on the
     * executors, standardized and split there, EM passes over all 1500 training rows, and the
     * test log-likelihood and the BIC sum over all rows there, so from the same start
     * ({@code init parameters}) every iteration, the parameters and both figures are those of the
     * local run on the whole file (1e-10).
     */
    @Test
    void rowsBeyondTheDriversSampleStayOnTheExecutors() throws IOException {
        StringBuilder csv = new StringBuilder("id,a,b\n");
        java.util.SplittableRandom r = new java.util.SplittableRandom(8);
        for (int i = 0; i < 2000; i++) {
            csv.append(i).append(',').append((i % 3 == 0 ? 3 : -2) + r.nextGaussian()).append(',')
                    .append(10 + 2 * r.nextGaussian()).append('\n');
        }
        Path data = dir.resolve("points.csv");
        Files.writeString(data, csv);
        Path gen = dir.resolve("two.gen");
        Files.writeString(gen, """
                dataset Points = csv("declared.csv", features 1..2) standardize split train 0.75, test 0.25 seed 4
                model Two {
                  observed x[2] : real
                  latent k : categorical(2)
                  param pi[2] : simplex
                  param mu[2,2] = [1, 0, -1, 0]
                  param Sigma[2,2,2] : spd
                  k ~ categorical(pi)
                  x | k ~ normal(mu[k], Sigma[k])
                  train on Points.train with em(max_iter 40, tol 1e-9, init parameters) { validation Points.test }
                  sample with exact
                  evaluate log_likelihood on Points.test, bic(components 1..3) on Points.train
                }
                """);
        Result local = thermogen("run", gen.toString(), "--out", dir.resolve("local").toString(), "--data",
                data.toString());
        assertEquals(0, local.status(), local.err());
        Result spark = withSample(300, "run", gen.toString(), "--out", dir.resolve("spark").toString(), "--data",
                data.toString(), "--spark", "local[2]");
        assertEquals(0, spark.status(), spark.err());
        assertTrue(spark.err().contains("Points: 2000 rows of 2 columns from csv(\"" + data
                + "\", features 1..2) read by Spark, kept on the executors ("), spark.err());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("em on spark local\\[2\\]: 1500 rows of Points.train on"
                + " the executors in \\d+ partitions; the start from a sample of (\\d+) of them").matcher(spark.err());
        assertTrue(m.find(), spark.err());
        int kept = Integer.parseInt(m.group(1));
        assertTrue(kept > 200 && kept < 400, "a sample of about 300: " + kept);
        assertTrue(Files.readAllLines(dir.resolve("local/metrics.csv")).get(0).contains("held_out_"));
        assertTrue(Files.readAllLines(dir.resolve("local/metrics.csv")).size() > 4);
        assertSameMetrics(dir.resolve("local"), dir.resolve("spark"), 1e-10);
        assertSameMixture(dir.resolve("local"), dir.resolve("spark"));
        Map<String, Double> here = results(dir.resolve("local"));
        Map<String, Double> there = results(dir.resolve("spark"));
        for (String name : List.of("log_likelihood_test", "bic_train")) {
            assertEquals(here.get(name), there.get(name), 1e-10 * Math.abs(here.get(name)), name);
        }
        // The sweep's fits run over all 1500 rows from k-means starts on the sample: the local
        // series (starts on all rows) within 1 % (on the 300 rows of the sample it would be a
        // fifth), the same best number.
        assertTrue(spark.err().contains("sweep on spark: 3 fits, each over the 1500 rows of Points.train on the"
                + " executors, from k-means starts on a sample of " + kept), spark.err());
        List<Object> a1 = sweep(dir.resolve("local"));
        List<Object> b1 = sweep(dir.resolve("spark"));
        assertEquals(3, b1.size());
        for (int i = 0; i < 3; i++) {
            double x = ((Number) a1.get(i)).doubleValue();
            assertEquals(x, ((Number) b1.get(i)).doubleValue(), 0.01 * Math.abs(x), "bic of " + (i + 1));
        }
        assertEquals(best(a1), best(b1));
    }

    /**
     * A value that does not fit the model among rows the driver holds no sample of (a NaN in a
     * Parquet file, which CSV cannot hold) is found where the rows are and named by its row
     * among all of them, as a local run names it; nothing is trained.
     */
    @Test
    void aBadValueAmongRowsOnTheExecutorsIsNamedByItsRow() throws IOException {
        List<org.apache.spark.sql.Row> rows = new java.util.ArrayList<>();
        java.util.SplittableRandom r = new java.util.SplittableRandom(9);
        for (int i = 0; i < 2000; i++) {
            rows.add(org.apache.spark.sql.RowFactory.create((double) i, r.nextGaussian(),
                    i == 1700 ? Double.NaN : r.nextGaussian()));
        }
        Path parquet = dir.resolve("bad.parquet");
        writeParquet(rows, parquet, 3);
        Path gen = dir.resolve("one.gen");
        Files.writeString(gen, """
                dataset Points = csv("declared.csv", features 1..2)
                model One {
                  observed x[2] : real
                  latent k : categorical(2)
                  param pi[2] : simplex
                  param mu[2,2]
                  param Sigma[2,2,2] : spd
                  k ~ categorical(pi)
                  x | k ~ normal(mu[k], Sigma[k])
                  train on Points with em(max_iter 5)
                }
                """);
        Result bad = withSample(300, "train", gen.toString(), "--out", dir.resolve("bad").toString(), "--data",
                parquet.toString(), "--spark", "local[2]");
        assertEquals(1, bad.status(), bad.err());
        assertTrue(bad.err().matches("(?s).*Points: the rows stay where they were read; this JVM holds samples \\(\\d+ of"
                + " 2000 rows\\) for what reads rows one by one.*"), bad.err());
        // Spark's parts of the folder come in any order; the row is the one the file order gives it.
        long row = parquetRowOf(parquet, 1700);
        assertTrue(bad.err().contains("Points row " + (row + 1) + ", column 1 holds NaN, but "), bad.err());
        assertTrue(bad.err().contains("needs a finite number"), bad.err());
        assertTrue(!Files.exists(dir.resolve("bad/checkpoint.json")));
    }

    /**
     * Rows of columns {@code id}, {@code a}, {@code b} written as a Parquet folder of {@code files}
     * files (each file's rows in the order of their ids).
     */
    private static void writeParquet(List<org.apache.spark.sql.Row> rows, Path parquet, int files) {
        try (org.apache.spark.api.java.JavaSparkContext spark = LocalSpark.start("local[2]", "parquet writer")) {
            org.apache.spark.sql.SparkSession session = org.apache.spark.sql.SparkSession.builder()
                    .sparkContext(spark.sc()).getOrCreate();
            org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
                    .add("id", "double").add("a", "double").add("b", "double");
            org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> frame = session.createDataFrame(rows, schema);
            (files == 1 ? frame.coalesce(1) : frame.repartition(files).sortWithinPartitions("id")).write()
                    .parquet(parquet.toString());
        }
    }

    /** The place of the row whose id is {@code id} among the rows of a Parquet folder as Spark reads them. */
    private static long parquetRowOf(Path parquet, int id) {
        try (org.apache.spark.api.java.JavaSparkContext spark = LocalSpark.start("local[2]", "parquet reader")) {
            org.apache.spark.sql.SparkSession session = org.apache.spark.sql.SparkSession.builder()
                    .sparkContext(spark.sc()).getOrCreate();
            List<org.apache.spark.sql.Row> ids = session.read().parquet(parquet.toString()).select("id")
                    .collectAsList();
            for (int i = 0; i < ids.size(); i++) {
                if (ids.get(i).getDouble(0) == id) {
                    return i;
                }
            }
            throw new AssertionError("no row " + id);
        }
    }

    /** Runs the command line with the driver keeping at most {@code sample} rows of each part. */
    private static Result withSample(int sample, String... args) {
        String before = System.getProperty("thermogen.spark.sampleRows");
        System.setProperty("thermogen.spark.sampleRows", Integer.toString(sample));
        try {
            return thermogen(args);
        } finally {
            if (before == null) {
                System.clearProperty("thermogen.spark.sampleRows");
            } else {
                System.setProperty("thermogen.spark.sampleRows", before);
            }
        }
    }

    /** Every number of two runs' {@code metrics.csv} agrees to {@code tolerance}, relative, the header to the letter. */
    private static void assertSameMetrics(Path expected, Path actual, double tolerance) throws IOException {
        List<String> a = Files.readAllLines(expected.resolve("metrics.csv"));
        List<String> b = Files.readAllLines(actual.resolve("metrics.csv"));
        assertEquals(a.get(0), b.get(0));
        assertEquals(a.size(), b.size(), "rows of metrics.csv");
        for (int i = 1; i < a.size(); i++) {
            String[] x = a.get(i).split(",");
            String[] y = b.get(i).split(",");
            for (int c = 0; c < x.length; c++) {
                double u = number(x[c]);
                assertEquals(u, number(y[c]), Double.isNaN(u) ? 1 : tolerance * Math.max(1, Math.abs(u)),
                        "row " + i + ", " + c);
            }
        }
    }

    /** A number of metrics.csv, where a figure not measured is {@code nan}. */
    private static double number(String field) {
        return field.equals("nan") ? Double.NaN : Double.parseDouble(field);
    }

    /** Two runs wrote {@code params/NAME.npy} equal to {@code tolerance}, relative. */
    private static void assertSameParameter(Path expected, Path actual, String name, double tolerance)
            throws IOException {
        double[] x = org.thermogen.runtime.io.Npy.read(expected.resolve("params/" + name + ".npy")).values();
        double[] y = org.thermogen.runtime.io.Npy.read(actual.resolve("params/" + name + ".npy")).values();
        assertEquals(x.length, y.length, name);
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i], y[i], tolerance * Math.max(1, Math.abs(x[i])), name + "[" + i + "]");
        }
    }

    /**
     * An RBM, a VAE and a diffusion model trained from CSV files whose parts are larger than the driver's sample
     * (100 rows): each batch's sums or gradient come from the executors' rows, the batches are
     * drawn over all 480 training rows, the RBM's per-epoch figures are measured on the rows at
     * the same places (fetched from the executors), and its test log-likelihood sums the free
     * energies of all 120 test rows there: every figure and parameter is the local run's on the
     * whole file (1e-9).
     */
    @Test
    void sgdTrainersReadRowsBeyondTheDriversSampleOnTheExecutors() throws IOException {
        StringBuilder bits = new StringBuilder();
        StringBuilder reals = new StringBuilder();
        java.util.SplittableRandom r = new java.util.SplittableRandom(12);
        for (int i = 0; i < 600; i++) {
            boolean bar = r.nextBoolean();
            for (int c = 0; c < 9; c++) {
                int on = (bar ? c % 3 == i % 3 : c / 3 == i % 3) ^ r.nextDouble() < 0.05 ? 1 : 0;
                bits.append(c == 0 ? "" : ",").append(on);
            }
            bits.append('\n');
            double t = Math.PI * r.nextDouble();
            reals.append(Math.cos(t) + 0.05 * r.nextGaussian()).append(',').append(Math.sin(t) + 0.05 * r.nextGaussian())
                    .append('\n');
        }
        Path bitsFile = dir.resolve("bits.csv");
        Files.writeString(bitsFile, bits);
        Path realsFile = dir.resolve("arc.csv");
        Files.writeString(realsFile, reals);
        Path rbm = dir.resolve("rbm.gen");
        Files.writeString(rbm, """
                dataset D = csv("declared.csv") split train 0.8, test 0.2 seed 1
                model Bars {
                  visible v[9] : binary
                  hidden h[6] : binary
                  param W[9,6] init normal(0, 0.01)
                  param b[9]
                  param c[6]
                  energy E(v, h) = -(v' * W * h) - b . v - c . h
                  train on D.train with pcd(k 1, chains 10) { optimizer sgd(lr 0.5, momentum 0.5) epochs 4 batch 20 }
                  sample with gibbs(chains 4, sweeps 20, burnin 5, thin 5)
                  evaluate log_likelihood on D.test
                }
                """);
        Path vae = dir.resolve("vae.gen");
        Files.writeString(vae, """
                dataset Arc = csv("declared.csv") split train 0.8, test 0.2 seed 2
                network Enc = mlp(2 -> 16 silu -> [mu 2, logvar 2])
                network Dec = mlp(2 -> 16 silu -> 2)
                model ArcVae {
                  observed x[2] : real
                  latent z[2] ~ normal(0, I)
                  x | z ~ normal(Dec(z), 0.01 * I)
                  q(z | x) = normal(Enc(x))
                  train on Arc.train with elbo { optimizer adam(lr 2e-3) epochs 3 batch 64 }
                }
                """);
        Path ddpm = dir.resolve("ddpm.gen");
        Files.writeString(ddpm, """
                dataset Curve = csv("declared.csv") split train 0.8, test 0.2 seed 2
                schedule Cosine = cosine(s 0.008, steps 50)
                network Eps = mlp(x + time(8) -> 16 silu -> 2)
                model ArcDiffusion {
                  observed x[2] : real
                  diffusion with Cosine denoiser Eps predicts noise
                  train on Curve.train with ddpm { optimizer adam(lr 2e-3) epochs 3 batch 64 }
                }
                """);
        for (Path[] job : new Path[][] {{rbm, bitsFile}, {vae, realsFile}, {ddpm, realsFile}}) {
            String name = job[0].getFileName().toString();
            Path here = dir.resolve(name + "-local");
            Path there = dir.resolve(name + "-spark");
            Result local = thermogen(job[0] == rbm ? "run" : "train", job[0].toString(), "--out", here.toString(),
                    "--data", job[1].toString(), "--precision", "float64");
            assertEquals(0, local.status(), local.err());
            Result spark = withSample(100, job[0] == rbm ? "run" : "train", job[0].toString(), "--out",
                    there.toString(), "--data", job[1].toString(), "--precision", "float64", "--spark", "local[2]");
            assertEquals(0, spark.status(), spark.err());
            String trainer = job[0] == rbm ? "pcd" : job[0] == vae ? "elbo" : "ddpm";
            String data = job[0] == rbm ? "D" : job[0] == vae ? "Arc" : "Curve";
            assertTrue(spark.err().contains(trainer + " on spark local[2]: 480 rows of " + data + ".train on the"
                    + " executors in "), spark.err());
            assertTrue(spark.err().contains(data + ": the rows stay where they were read; this JVM holds samples ("),
                    spark.err());
            assertSameMetrics(here, there, 1e-9);
            assertSameParameter(here, there, job[0] == rbm ? "W" : job[0] == vae ? "Dec.1.W" : "Eps.1.W", 1e-9);
        }
        double[] ll = evaluation(dir.resolve("rbm.gen-spark"), "log_likelihood on D.test");
        assertEquals(evaluation(dir.resolve("rbm.gen-local"), "log_likelihood on D.test")[0], ll[0],
                1e-9 * Math.abs(ll[0]));
    }

    /** The number of components (from 1) whose criterion is lowest. */
    private static int best(List<Object> series) {
        int best = 0;
        for (int i = 1; i < series.size(); i++) {
            if (((Number) series.get(i)).doubleValue() < ((Number) series.get(best)).doubleValue()) {
                best = i;
            }
        }
        return best + 1;
    }

    /** Each result's value in {@code eval.json}, by name. */
    @SuppressWarnings("unchecked")
    private static Map<String, Double> results(Path out) throws IOException {
        Map<String, Object> eval = (Map<String, Object>) org.thermogen.runtime.io.Json.parse(
                Files.readString(out.resolve("eval.json")));
        Map<String, Double> values = new java.util.HashMap<>();
        for (Object r : (List<Object>) eval.get("results")) {
            Map<String, Object> result = (Map<String, Object>) r;
            values.put((String) result.get("name"), ((Number) result.get("value")).doubleValue());
        }
        return values;
    }

    /**
     * {@code thermogen train moons.gen --spark local[2] --precision float64}: a VAE whose batches'
     * gradients come from the partitions has the local run's ELBO every epoch and its
     * parameters (1e-9: only the order of each gradient's additions differs).
     */
    @Test
    void aVaeTrainsOnSparkAsItDoesHere() throws IOException {
        Path gen = dir.resolve("moons.gen");
        Files.writeString(gen, """
                dataset Moons = moons(n 600, noise 0.05, seed 1) split train 0.8, test 0.2 seed 2
                network Enc = mlp(2 -> 16 silu -> [mu 2, logvar 2])
                network Dec = mlp(2 -> 16 silu -> 2)
                model MoonsVae {
                  observed x[2] : real
                  latent z[2] ~ normal(0, I)
                  x | z ~ normal(Dec(z), 0.01 * I)
                  q(z | x) = normal(Enc(x))
                  train on Moons.train with elbo { optimizer adam(lr 2e-3) epochs 4 batch 64 }
                }
                """);
        Result local = thermogen("train", gen.toString(), "--out", dir.resolve("vae-local").toString(), "--precision",
                "float64");
        assertEquals(0, local.status(), local.err());
        Result spark = thermogen("train", gen.toString(), "--out", dir.resolve("vae-spark").toString(), "--precision",
                "float64", "--spark", "local[2]");
        assertEquals(0, spark.status(), spark.err());
        assertTrue(spark.err().contains("elbo on spark local[2]: 480 rows in 2 partitions, one job per batch"),
                spark.err());
        List<String> a = Files.readAllLines(dir.resolve("vae-local/metrics.csv"));
        List<String> b = Files.readAllLines(dir.resolve("vae-spark/metrics.csv"));
        assertEquals(5, a.size(), a.toString());
        assertEquals(a.size(), b.size());
        for (int i = 1; i < a.size(); i++) {
            double x = Double.parseDouble(a.get(i).split(",")[2]);
            double y = Double.parseDouble(b.get(i).split(",")[2]);
            assertEquals(x, y, 1e-9 * Math.abs(x), "epoch " + i);
        }
        double[] x = org.thermogen.runtime.io.Npy.read(dir.resolve("vae-local/params/Dec.1.W.npy")).values();
        double[] y = org.thermogen.runtime.io.Npy.read(dir.resolve("vae-spark/params/Dec.1.W.npy")).values();
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i], y[i], 1e-9 * Math.max(1, Math.abs(x[i])), "Dec.1.W[" + i + "]");
        }
    }

    /**
     * {@code thermogen run bars.gen --spark local[2] --precision float64}: an RBM trained by
     * {@code pcd} whose batches' data terms come from the partitions (the chains stay on the
     * driver) has the local run's pseudo-likelihood every epoch and its weights (1e-9); the test
     * log-likelihood by AIS, whose runs are dealt out to tasks, is the local one's (1e-8) and
     * within 3 standard errors of the exact one; the Gibbs chains run on tasks too.
     */
    @Test
    void anRbmTrainsOnSparkAsItDoesHere() throws IOException {
        Path gen = dir.resolve("bars.gen");
        Files.writeString(gen, """
                dataset D = bars_and_stripes(size 3, n 300) split train 0.8, test 0.2 seed 1
                model Bars {
                  visible v[9] : binary
                  hidden h[6] : binary
                  param W[9,6] init normal(0, 0.01)
                  param b[9]
                  param c[6]
                  energy E(v, h) = -(v' * W * h) - b . v - c . h
                  train on D.train with pcd(k 1, chains 10) { optimizer sgd(lr 0.5, momentum 0.5) epochs 15 batch 20 }
                  sample with gibbs(chains 6, sweeps 100, burnin 20, thin 10)
                  evaluate log_likelihood(ais(runs 60, temperatures 500)) on D.test, log_likelihood on D.test
                }
                """);
        Result local = thermogen("run", gen.toString(), "--out", dir.resolve("rbm-local").toString(), "--precision",
                "float64");
        assertEquals(0, local.status(), local.err());
        Result spark = thermogen("run", gen.toString(), "--out", dir.resolve("rbm-spark").toString(), "--precision",
                "float64", "--spark", "local[2]");
        assertEquals(0, spark.status(), spark.err());
        assertTrue(spark.err().contains("pcd on spark local[2]: 240 rows in 2 partitions, one job per batch"),
                spark.err());
        List<String> a = Files.readAllLines(dir.resolve("rbm-local/metrics.csv"));
        List<String> b = Files.readAllLines(dir.resolve("rbm-spark/metrics.csv"));
        assertEquals(17, a.size(), a.toString());
        assertEquals(a.size(), b.size());
        for (int i = 1; i < a.size(); i++) {
            double x = Double.parseDouble(a.get(i).split(",")[1]);
            double y = Double.parseDouble(b.get(i).split(",")[1]);
            assertEquals(x, y, 1e-9 * Math.abs(x), "epoch " + (i - 1));
        }
        assertTrue(Double.parseDouble(a.get(16).split(",")[1]) < Double.parseDouble(a.get(1).split(",")[1]) - 0.1,
                "the pseudo-likelihood improves: " + a);
        double[] x = org.thermogen.runtime.io.Npy.read(dir.resolve("rbm-local/params/W.npy")).values();
        double[] y = org.thermogen.runtime.io.Npy.read(dir.resolve("rbm-spark/params/W.npy")).values();
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i], y[i], 1e-9 * Math.max(1, Math.abs(x[i])), "W[" + i + "]");
        }
        // The chains ran on the cluster's tasks: as many samples, of the visible units.
        assertEquals(60 * 9, org.thermogen.runtime.io.Npy.read(dir.resolve("rbm-spark/samples.npy")).values().length);
        String byAis = "log_likelihood(ais(runs 60, temperatures 500)) on D.test";
        double[] ais = evaluation(dir.resolve("rbm-spark"), byAis);
        double exact = evaluation(dir.resolve("rbm-spark"), "log_likelihood on D.test")[0];
        assertEquals(evaluation(dir.resolve("rbm-local"), byAis)[0], ais[0], 1e-8);
        assertTrue(ais[1] > 0, ais[0] + " +- " + ais[1]);
        assertEquals(exact, ais[0], 3 * ais[1], ais[0] + " +- " + ais[1] + " against " + exact);
    }

    /**
     * AIS of an energy that is not an RBM (a fully visible spin machine) from a .gen file: the
     * runs go to tasks, which define the .gen file's compiled classes from the bytecode the
     * driver sends ({@link ShippedModel}; they are nowhere on the executors' class path), and
     * the estimate is the local run's to the bit, within three standard errors of the exact
     * {@code ln Z} by enumeration.
     */
    @Test
    void annealingOfAnyEnergyRunsOnTheClustersTasks() throws IOException {
        Path gen = dir.resolve("spins.gen");
        Files.writeString(gen, """
                model Spins {
                  observed s[8] : spin
                  param J[8,8] init normal(0, 0.3)
                  param h[8] init normal(0, 0.2)
                  energy E(s) = -sum(k < l) J[k,l] * s[k] * s[l] - h . s
                  evaluate log_partition(ais(runs 48, temperatures 400)), log_partition
                }
                """);
        Result spark = hereAndWithShippedClasses(gen, "spins");
        assertTrue(spark.err().contains("ais: 48 annealing runs of Spins in 2 ranges by the cluster"), spark.err());
        String byAis = "log_partition(ais(runs 48, temperatures 400))";
        double[] ais = evaluation(dir.resolve("spins-spark"), byAis);
        assertEquals(evaluation(dir.resolve("spins-local"), byAis)[0], ais[0], 0.0);
        assertEquals(evaluation(dir.resolve("spins-local"), byAis)[1], ais[1], 0.0);
        double exact = evaluation(dir.resolve("spins-spark"), "log_partition")[0];
        assertTrue(ais[1] > 0, ais[0] + " +- " + ais[1]);
        assertEquals(exact, ais[0], 3 * ais[1], ais[0] + " +- " + ais[1] + " against " + exact);
    }

    /**
     * {@code parallel_tempering(..., ladders 4)} of a lattice from a .gen file: the four ladders
     * go to tasks, for the samples and for the evaluation per temperature, each task making
     * the model from the shipped classes; samples.npy and eval.json are the local run's to the
     * bit, and the energy at T = 1 lies within 4 standard errors of the enumerated one.
     */
    @Test
    void replicaExchangeLaddersRunOnTheClustersTasks() throws IOException {
        Path gen = dir.resolve("lattice.gen");
        Files.writeString(gen, """
                model Lattice {
                  visible s[3,3] : spin periodic
                  param J = 1.0 fixed
                  energy E(s) = -J * sum(i, j) s[i,j] * (s[i+1,j] + s[i,j+1])
                  sample with parallel_tempering(temperatures geometric(1, 3, 4), sweeps 3000, burnin 200, ladders 4)
                  evaluate energy per temperature
                }
                """);
        Result spark = hereAndWithShippedClasses(gen, "pt");
        assertTrue(spark.err().contains("parallel_tempering: 4 ladders of Lattice in 2 tasks on the cluster"),
                spark.err());
        // Progress as the tasks finish, for the samples and for the measurement per temperature.
        for (String what : new String[] {"sample", "measure"}) {
            assertTrue(spark.err().contains(what + " Lattice (parallel tempering, 4 ladders on the cluster's tasks): done"),
                    spark.err());
        }
        assertEquals(List.of(), java.util.Arrays.stream(new String[] {"samples.npy", "eval.json"})
                .filter(f -> !sameBytes(dir.resolve("pt-local").resolve(f), dir.resolve("pt-spark").resolve(f)))
                .toList());
        double[] cold = evaluation(dir.resolve("pt-spark"), "energy per temperature");
        // The energy per spin at T = 1 by summing the 512 states of the 3x3 periodic lattice.
        double z = 0;
        double sum = 0;
        for (int state = 0; state < 512; state++) {
            double e = 0;
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    e -= spin(state, i, j) * (spin(state, (i + 1) % 3, j) + spin(state, i, (j + 1) % 3));
                }
            }
            z += Math.exp(-e);
            sum += e * Math.exp(-e);
        }
        double exact = sum / z / 9;
        assertTrue(cold[1] > 0, cold[0] + " +- " + cold[1]);
        assertEquals(exact, cold[0], 4 * cold[1], cold[0] + " +- " + cold[1] + " against " + exact);
    }

    /**
     * {@code thermogen run gen} into {@code dir/<name>-local}, then with {@code --spark local[2]}
     * into {@code dir/<name>-spark}, both succeeding; the Spark run's tasks defined the .gen
     * file's classes from the shipped bytecode. The Spark run's result.
     */
    private Result hereAndWithShippedClasses(Path gen, String name) {
        Result local = thermogen("run", gen.toString(), "--out", dir.resolve(name + "-local").toString());
        assertEquals(0, local.status(), local.err());
        int defined = ShippedModel.DEFINED.get();
        Result spark = thermogen("run", gen.toString(), "--out", dir.resolve(name + "-spark").toString(), "--spark",
                "local[2]");
        assertEquals(0, spark.status(), spark.err());
        assertTrue(ShippedModel.DEFINED.get() > defined, "the tasks defined the shipped classes");
        return spark;
    }

    private static int spin(int state, int i, int j) {
        return (state >> (3 * i + j) & 1) == 1 ? 1 : -1;
    }

    private static boolean sameBytes(Path a, Path b) {
        try {
            return java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The value and standard error of the evaluation {@code description} in {@code dir/eval.json}. */
    @SuppressWarnings("unchecked")
    private static double[] evaluation(Path dir, String description) throws IOException {
        Map<String, Object> json = (Map<String, Object>) org.thermogen.runtime.io.Json.parse(
                Files.readString(dir.resolve("eval.json")));
        for (Object o : (List<Object>) json.get("results")) {
            Map<String, Object> m = (Map<String, Object>) o;
            if (description.equals(m.get("description"))) {
                return new double[] {((Number) m.get("value")).doubleValue(),
                        ((Number) m.get("standard_error")).doubleValue()};
            }
        }
        throw new AssertionError("no " + description + " in " + json);
    }

    /**
     * The spark-submit application ({@link Submit}): {@code thermogen run}'s arguments, the
     * master from Spark's configuration ({@code spark.master}, which spark-submit sets as a
     * system property).
     */
    @Test
    void theSubmitApplicationRunsAsSparkSubmitStartsIt() throws IOException {
        Path gen = dir.resolve("submit/gmm.gen");
        Files.createDirectories(gen.getParent());
        Files.writeString(gen, """
                dataset Blobs = blobs(n 600, centers 2, dim 2, std 0.9, spread 4, seed 3) split train 0.8, test 0.2 seed 1
                model Gmm {
                  observed x[2] : real
                  latent k : categorical(2)
                  param pi[2] : simplex
                  param mu[2,2]
                  param Sigma[2,2,2] : spd
                  k ~ categorical(pi)
                  x | k ~ normal(mu[k], Sigma[k])
                  train on Blobs.train with em(max_iter 20)
                  evaluate log_likelihood on Blobs.test
                }
                """);
        Result fromGen = submit(null, gen.toString(), "--out", dir.resolve("submit/out").toString());
        assertEquals(0, fromGen.status(), fromGen.err());
        assertTrue(fromGen.err().contains("em on spark local[2]: 480 rows in 2 partitions"), fromGen.err());
        assertTrue(Files.exists(dir.resolve("submit/out/report.html")));
        assertTrue(fromGen.out().contains("Gmm: log_likelihood_test"), fromGen.out());

        // The same model compiled beforehand (thermogen compile), its class on the context class
        // loader as spark-submit's --jars puts it, named instead of the .gen file.
        Path packaged = dir.resolve("submit2/gmm.gen");
        Files.createDirectories(packaged.getParent());
        Files.writeString(packaged, "package submit.demo\n" + Files.readString(gen));
        Path java = dir.resolve("submit2/java");
        Result compile = thermogen("compile", packaged.toString(), "-o", java.toString());
        assertEquals(0, compile.status(), compile.err());
        java.util.Map<String, String> sources = new java.util.TreeMap<>();
        try (var files = Files.walk(java)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                sources.put(java.relativize(f).toString().replace('\\', '/'), Files.readString(f));
            }
        }
        ClassLoader compiled = org.thermogen.lang.compiler.InMemoryCompiler.compile(sources,
                SparkRunTest.class.getClassLoader());
        Result fromClass = submit(compiled, "submit.demo.Gmm", "--out", dir.resolve("submit2/out").toString());
        assertEquals(0, fromClass.status(), fromClass.err());
        assertTrue(fromClass.err().contains("em on spark local[2]: 480 rows in 2 partitions"), fromClass.err());
        assertEquals(Files.readString(dir.resolve("submit/out/metrics.csv")),
                Files.readString(dir.resolve("submit2/out/metrics.csv")));
    }
}
