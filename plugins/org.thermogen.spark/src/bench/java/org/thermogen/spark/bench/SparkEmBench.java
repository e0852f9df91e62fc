package org.thermogen.spark.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.clustering.GaussianMixtureModel;
import org.apache.spark.mllib.linalg.Matrices;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.stat.distribution.MultivariateGaussian;
import org.thermogen.runtime.mixture.CovarianceType;
import org.thermogen.runtime.mixture.ExpectationMaximization;
import org.thermogen.runtime.mixture.GaussianMixture;
import org.thermogen.runtime.mixture.MixtureFit;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.spark.Block;
import org.thermogen.spark.SparkEm;

/**
 * EM throughput on Spark: {@link SparkEm} against Spark MLlib's {@code GaussianMixture} (the
 * RDD API, the one that takes a start) on the same rows, from the same start, for the same
 * number of iterations, on {@code local[1]} and {@code local[N]}, for each data size; and EM on
 * one JVM without Spark on the same rows. Prints rows per second per iteration, the ratio
 * against MLlib's best master (above 1: Thermogen faster) and both fits' mean
 * log-likelihood, scored by the same code. Not a test: {@code releng/bench/spark-em.sh}.
 *
 * <p>Rows: {@code d = 4} columns from a mixture of K = 4 full-covariance components, made on
 * the executors in 8 partitions (the same rows whatever the master), cached before timing.
 */
public final class SparkEmBench {
    private static final int D = 4;
    private static final int K = 4;
    private static final int PARTITIONS = 8;
    private static final int ITERATIONS = 10;

    private SparkEmBench() {
    }

    public static void main(String[] args) {
        long[] sizes = args.length > 0 ? java.util.Arrays.stream(args[0].split(",")).mapToLong(Long::parseLong).toArray()
                : new long[] {100_000, 1_000_000, 10_000_000};
        int cores = Runtime.getRuntime().availableProcessors();
        GaussianMixture truth = truth();
        GaussianMixture start = start();
        System.out.printf(Locale.ROOT, "EM, %d columns, K %d full, %d iterations from the same start, %d partitions,"
                + " %d cores%n", D, K, ITERATIONS, PARTITIONS, cores);
        for (long n : sizes) {
            double[] oneJvm = null;
            double bestMllib = Double.POSITIVE_INFINITY;
            String bestMllibMaster = "";
            double mllibQuality = Double.NaN;
            List<String[]> ours = new ArrayList<>();
            for (int threads : cores > 1 ? new int[] {1, cores} : new int[] {1}) {
                String master = "local[" + threads + "]";
                try (JavaSparkContext spark = new JavaSparkContext(new SparkConf().setMaster(master)
                        .setAppName("SparkEmBench").set("spark.ui.enabled", "false")
                        .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1"))) {
                    spark.setLogLevel("WARN");
                    if (n == sizes[0] && threads == 1) {
                        System.out.println("Spark " + spark.version() + ", Java " + Runtime.version());
                    }
                    JavaRDD<Block> blocks = rows(spark, truth, n).cache();
                    blocks.count();
                    ExpectationMaximization em = ExpectationMaximization.builder().tolerance(0).maxIterations(ITERATIONS)
                            .build();
                    long t0 = System.nanoTime();
                    MixtureFit fit;
                    try (RunContext context = RunContext.withSeed(1)) {
                        fit = SparkEm.fit(blocks, D, em, start, context);
                    }
                    double seconds = (System.nanoTime() - t0) / 1e9 / ITERATIONS;
                    ours.add(new String[] {master, String.valueOf(seconds), String.valueOf(fit.logLikelihood())});
                    System.out.printf(Locale.ROOT, "n %d, %s: Thermogen SparkEm %.3f s per iteration, %.3g rows/s,"
                            + " mean log-likelihood %.6f%n", n, master, seconds, n / seconds, fit.logLikelihood());

                    JavaRDD<Vector> vectors = blocks.flatMap(b -> {
                        List<Vector> v = new ArrayList<>(b.rows());
                        for (int i = 0; i < b.rows(); i++) {
                            v.add(Vectors.dense(java.util.Arrays.copyOfRange(b.values(), i * D, (i + 1) * D)));
                        }
                        return v.iterator();
                    }).cache();
                    vectors.count();
                    long t1 = System.nanoTime();
                    GaussianMixtureModel model = new org.apache.spark.mllib.clustering.GaussianMixture().setK(K)
                            .setMaxIterations(ITERATIONS).setConvergenceTol(0).setInitialModel(mllibStart(start))
                            .run(vectors.rdd());
                    double mllibSeconds = (System.nanoTime() - t1) / 1e9 / ITERATIONS;
                    double quality = meanLogLikelihood(blocks, toThermogen(model));
                    System.out.printf(Locale.ROOT, "n %d, %s: MLlib GaussianMixture %.3f s per iteration, %.3g rows/s,"
                            + " mean log-likelihood %.6f%n", n, master, mllibSeconds, n / mllibSeconds, quality);
                    if (mllibSeconds < bestMllib) {
                        bestMllib = mllibSeconds;
                        bestMllibMaster = master;
                        mllibQuality = quality;
                    }
                    if (oneJvm == null && n <= 10_000_000) {
                        oneJvm = oneJvm(blocks, start, em);
                    }
                    vectors.unpersist();
                    blocks.unpersist();
                }
            }
            if (oneJvm != null) {
                System.out.printf(Locale.ROOT, "n %d, one JVM without Spark (%d threads): %.3f s per iteration, %.3g"
                        + " rows/s, mean log-likelihood %.6f%n", n, cores, oneJvm[0], n / oneJvm[0], oneJvm[1]);
            }
            for (String[] o : ours) {
                double seconds = Double.parseDouble(o[1]);
                System.out.println(String.join("\t", "RESULT", "EM on Spark, " + n + " x " + D + ", K " + K + ", full",
                        o[0], String.format(Locale.ROOT, "%.3g rows/s", n / seconds),
                        String.format(Locale.ROOT, "MLlib %s: %.3g rows/s", bestMllibMaster, n / bestMllib),
                        String.format(Locale.ROOT, "%.2f", bestMllib / seconds),
                        String.format(Locale.ROOT, "mean log-likelihood %.6f / %.6f", Double.parseDouble(o[2]),
                                mllibQuality)));
            }
        }
    }

    private static GaussianMixture truth() {
        double[] means = {-4, 0, 1, 2, 3, 3, -1, 0, 0, -4, 2, 1, 4, -3, 0, -2};
        double[] cov = new double[K * D * D];
        for (int c = 0; c < K; c++) {
            for (int a = 0; a < D; a++) {
                for (int b = 0; b < D; b++) {
                    cov[c * D * D + a * D + b] = a == b ? 1 + 0.3 * c : 0.2;
                }
            }
        }
        return GaussianMixture.of(CovarianceType.FULL, D, new double[] {0.1, 0.2, 0.3, 0.4}, means, cov);
    }

    /** The truth's means moved by one and unit covariances: the start of both sides. */
    private static GaussianMixture start() {
        GaussianMixture t = truth();
        double[] means = t.means().clone();
        for (int i = 0; i < means.length; i++) {
            means[i] += i % 2 == 0 ? 1 : -1;
        }
        double[] cov = new double[K * D * D];
        for (int c = 0; c < K; c++) {
            for (int a = 0; a < D; a++) {
                cov[c * D * D + a * D + a] = 1;
            }
        }
        return GaussianMixture.of(CovarianceType.FULL, D, new double[] {0.25, 0.25, 0.25, 0.25}, means, cov);
    }

    private static JavaRDD<Block> rows(JavaSparkContext spark, GaussianMixture truth, long n) {
        List<Integer> parts = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            parts.add(p);
        }
        double[] w = truth.weights();
        double[] m = truth.means();
        double[] c = truth.covariances();
        return spark.parallelize(parts, PARTITIONS).map(p -> {
            int rows = (int) (n * (p + 1) / PARTITIONS - n * p / PARTITIONS);
            GaussianMixture g = GaussianMixture.of(CovarianceType.FULL, D, w, m, c);
            return new Block(g.sample(rows, new SplittableRandom(1000 + p)), rows);
        });
    }

    private static GaussianMixtureModel mllibStart(GaussianMixture g) {
        MultivariateGaussian[] gaussians = new MultivariateGaussian[K];
        for (int c = 0; c < K; c++) {
            double[] mean = java.util.Arrays.copyOfRange(g.means(), c * D, (c + 1) * D);
            double[] cov = java.util.Arrays.copyOfRange(g.covariances(), c * D * D, (c + 1) * D * D);
            gaussians[c] = new MultivariateGaussian(Vectors.dense(mean), Matrices.dense(D, D, cov));
        }
        return new GaussianMixtureModel(g.weights().clone(), gaussians);
    }

    private static GaussianMixture toThermogen(GaussianMixtureModel model) {
        double[] weights = model.weights().clone();
        double total = 0;
        for (double x : weights) {
            total += x;
        }
        double[] means = new double[K * D];
        double[] cov = new double[K * D * D];
        for (int c = 0; c < K; c++) {
            weights[c] /= total;
            System.arraycopy(model.gaussians()[c].mu().toArray(), 0, means, c * D, D);
            double[] s = model.gaussians()[c].sigma().toArray();   // column-major; symmetric
            for (int a = 0; a < D; a++) {
                for (int b = 0; b < D; b++) {
                    cov[c * D * D + a * D + b] = 0.5 * (s[a * D + b] + s[b * D + a]);
                }
            }
        }
        return GaussianMixture.of(CovarianceType.FULL, D, weights, means, cov);
    }

    /** The mean log-likelihood of every row under {@code g}, computed on the executors. */
    private static double meanLogLikelihood(JavaRDD<Block> blocks, GaussianMixture g) {
        double[] w = g.weights();
        double[] m = g.means();
        double[] c = g.covariances();
        double[] sums = blocks.map(b -> {
            GaussianMixture h = GaussianMixture.of(CovarianceType.FULL, D, w, m, c);
            return new double[] {h.meanLogLikelihood(b.values(), b.rows(), null) * b.rows(), b.rows()};
        }).reduce((a, b) -> new double[] {a[0] + b[0], a[1] + b[1]});
        return sums[0] / sums[1];
    }

    /** EM on the driver, without Spark, on the same rows: seconds per iteration and the mean log-likelihood. */
    private static double[] oneJvm(JavaRDD<Block> blocks, GaussianMixture start, ExpectationMaximization em) {
        List<Block> all = blocks.collect();
        int n = 0;
        for (Block b : all) {
            n += b.rows();
        }
        double[] x = new double[n * D];
        int at = 0;
        for (Block b : all) {
            System.arraycopy(b.values(), 0, x, at, b.rows() * D);
            at += b.rows() * D;
        }
        try (RunContext context = RunContext.withSeed(1)) {
            long t0 = System.nanoTime();
            MixtureFit fit = em.fit(x, n, start, context);
            return new double[] {(System.nanoTime() - t0) / 1e9 / ITERATIONS, fit.logLikelihood()};
        }
    }
}
