package org.thermogen.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.thermogen.runtime.io.Json;
import org.thermogen.runtime.io.Npy;
import org.thermogen.runtime.mixture.CovarianceType;
import org.thermogen.runtime.mixture.ExpectationMaximization;
import org.thermogen.runtime.mixture.GaussianMixture;
import org.thermogen.runtime.mixture.MixtureFit;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;

/**
 * The Java side of {@code releng/bench/gmm-vs-sklearn.sh}: reads the data and the start that
 * {@code gmm_vs_sklearn.py} wrote, runs {@link ExpectationMaximization} with full covariances
 * from that start for the same number of iterations, and reports wall seconds per iteration,
 * the ratios to scikit-learn's median and best times (the best is the run least disturbed
 * on a shared machine), and both lower bounds (which agree when both sides
 * compute the same EM).
 *
 * <pre>
 * java -cp releng/bench/target/benchmarks.jar org.thermogen.bench.GmmVersusSklearn DIR [threads 2] [iterations 10] [repeats 5]
 * </pre>
 *
 * The timed call is the whole public {@code fit}: it also allocates the run's arrays and
 * makes one more E-step to measure the returned parameters, which scikit-learn's timed loop
 * does not; the figure is therefore conservative. Two untimed fits warm the JIT first.
 */
public final class GmmVersusSklearn {
    private static final int WARMUP = 2;

    private GmmVersusSklearn() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: GmmVersusSklearn DIR [threads iterations repeats]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        Npy.Array x = Npy.read(dir.resolve("x.npy"));
        int n = x.shape()[0];
        int d = x.shape()[1];
        double[] weights = Npy.read(dir.resolve("weights.npy")).values();
        GaussianMixture start = GaussianMixture.of(CovarianceType.FULL, d, weights,
                Npy.read(dir.resolve("means.npy")).values(), Npy.read(dir.resolve("covariances.npy")).values());
        ExpectationMaximization em = ExpectationMaximization.builder().maxIterations(iterations).tolerance(0)
                .regCovar(1e-6).build();
        double[] perIteration = new double[repeats];
        MixtureFit fit = null;
        for (int r = -WARMUP; r < repeats; r++) {
            RunContext context = new RunContext(1, Path.of(""), ProgressListener.NONE, threads);
            try {
                long t0 = System.nanoTime();
                fit = em.fit(x.values(), n, start, context);
                if (r >= 0) {
                    perIteration[r] = (System.nanoTime() - t0) / 1e9 / iterations;
                }
            } finally {
                context.close();
            }
        }
        Map<String, Object> reference = Files.exists(dir.resolve("sklearn.json"))
                ? Json.parseObject(Files.readString(dir.resolve("sklearn.json")))
                : Map.of();
        double sklearn = median(reference.get("seconds_per_iteration"));
        double sklearnBest = best(reference.get("seconds_per_iteration"));
        System.out.printf(Locale.ROOT, "thermogen em(full): %d x %d, K %d, %d iterations, %d threads; s/iteration %s;"
                + " lower_bound %.10f%n", n, d, weights.length, iterations, threads, format(perIteration),
                fit.lowerBound());
        if (!Double.isNaN(sklearn)) {
            double lb = ((Number) reference.get("lower_bound")).doubleValue();
            System.out.printf(Locale.ROOT, "          sklearn's median s/iteration / this one's: %.2f; best / best: %.2f"
                    + " (sklearn %.4f s, lower bounds differ by %.1e relative)%n", sklearn / median(perIteration),
                    sklearnBest / Arrays.stream(perIteration).min().orElseThrow(), sklearn,
                    Math.abs(lb - fit.lowerBound()) / Math.abs(lb));
            Result.print("EM, " + n + " x " + d + ", K " + weights.length + ", full", threads + (threads == 1 ? " thread" : " threads"),
                    String.format(Locale.ROOT, "%.4f s/iteration", median(perIteration)), String.format(Locale.ROOT,
                    "scikit-learn GaussianMixture: %.4f s/iteration", sklearn), sklearn / median(perIteration),
                    String.format(Locale.ROOT, "lower bounds differ by %.1e relative", Math.abs(lb - fit.lowerBound())
                            / Math.abs(lb)));
        }
    }

    private static String format(double[] v) {
        StringBuilder b = new StringBuilder();
        for (double t : v) {
            b.append(String.format(Locale.ROOT, "%.4f ", t));
        }
        return b.append(String.format(Locale.ROOT, "(median %.4f)", median(v))).toString();
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }

    /** The smallest of a JSON list of numbers: the run least disturbed by other processes. */
    private static double best(Object list) {
        if (!(list instanceof List<?> l) || l.isEmpty()) {
            return Double.NaN;
        }
        return l.stream().mapToDouble(v -> ((Number) v).doubleValue()).min().orElseThrow();
    }

    private static double median(Object list) {
        if (!(list instanceof List<?> l) || l.isEmpty()) {
            return Double.NaN;
        }
        double[] v = new double[l.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = ((Number) l.get(i)).doubleValue();
        }
        return median(v);
    }
}
