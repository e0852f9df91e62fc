package org.thermogen.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.thermogen.runtime.compute.Backend;
import org.thermogen.runtime.compute.DenseKernels;
import org.thermogen.runtime.io.Json;

/**
 * The Java side of {@code releng/bench/gemm-vs-numpy.sh}: float32 products {@code C = A B} of
 * {@code n x n} matrices on the runtime's dense kernels (the product a network layer is), on
 * 1 thread and on all cores (rows split between threads), best of five, as GFLOP/s and as a
 * fraction of NumPy's best from the {@code numpy.json} its side wrote.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp releng/bench/target/benchmarks.jar \
 *      org.thermogen.bench.GemmVersusNumpy NUMPY_DIR n...
 * </pre>
 */
public final class GemmVersusNumpy {
    private GemmVersusNumpy() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        List<Integer> sizes = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            sizes.add(Integer.parseInt(args[i]));
        }
        Map<String, Object> numpy = Files.exists(dir.resolve("numpy.json"))
                ? Json.parseObject(Files.readString(dir.resolve("numpy.json"))) : Map.of();
        int cores = Runtime.getRuntime().availableProcessors();
        DenseKernels k = Backend.kernels();
        ExecutorService pool = Executors.newFixedThreadPool(cores);
        try {
            for (int n : sizes) {
                double best = 0;
                String bestConfig = "";
                for (int threads : cores == 1 ? new int[] {1} : new int[] {1, cores}) {
                    double g = gflops(k, n, threads, pool);
                    System.out.printf(Locale.ROOT, "thermogen %s kernels float32 %d x %d, %d threads: %.1f GFLOP/s%n",
                            k.name(), n, n, threads, g);
                    if (g > best) {
                        best = g;
                        bestConfig = threads + (threads == 1 ? " thread" : " threads");
                    }
                }
                if (numpy.get("gflops") instanceof Map<?, ?> all && all.get(Integer.toString(n)) instanceof Map<?, ?> byThreads) {
                    double ref = 0;
                    String refConfig = "";
                    for (Map.Entry<?, ?> e : byThreads.entrySet()) {
                        double v = ((Number) e.getValue()).doubleValue();
                        if (v > ref) {
                            ref = v;
                            refConfig = e.getKey() + ("1".equals(e.getKey()) ? " thread" : " threads");
                        }
                    }
                    Result.print("dense multiply float32, " + n + " x " + n, k.name() + " kernels, " + bestConfig,
                            String.format(Locale.ROOT, "%.1f GFLOP/s", best), String.format(Locale.ROOT,
                                    "NumPy OpenBLAS, %s: %.1f GFLOP/s", refConfig, ref), best / ref,
                            "the same product (no quality to compare)");
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    private static double gflops(DenseKernels k, int n, int threads, ExecutorService pool) throws Exception {
        SplittableRandom r = new SplittableRandom(1);
        float[] a = new float[n * n];
        float[] b = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
            b[i] = (float) r.nextGaussian();
        }
        float[][] c = new float[threads][];
        float[][] parts = new float[threads][];
        int per = (n + threads - 1) / threads;
        for (int t = 0; t < threads; t++) {
            int rows = Math.max(0, Math.min(per, n - t * per));
            parts[t] = java.util.Arrays.copyOfRange(a, t * per * n, t * per * n + rows * n);
            c[t] = new float[rows * n];
        }
        long reps = Math.max(3, (long) (2e9 / (2.0 * n * n * n)));
        double best = Double.POSITIVE_INFINITY;
        for (int round = 0; round < 6; round++) {   // the first warms the JIT
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int part = t;
                int rows = c[t].length / n;
                done.add(pool.submit(() -> {
                    for (long i = 0; i < reps; i++) {
                        k.affine(rows, n, n, parts[part], b, 0, -1, c[part]);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9 / reps;
            if (round > 0) {
                best = Math.min(best, seconds);
            }
        }
        return 2.0 * n * n * n / best / 1e9;
    }
}
