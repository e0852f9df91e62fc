package org.thermogen.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.thermogen.runtime.compute.Backend;
import org.thermogen.runtime.io.Json;
import org.thermogen.runtime.mcmc.Chains;
import org.thermogen.runtime.mcmc.MultiSpinLattice;
import org.thermogen.runtime.mcmc.SingleSiteChain;
import org.thermogen.runtime.mcmc.SparseCouplings;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.run.Parallel;

/**
 * The Java side of {@code releng/bench/ising-vs-numpy.sh}: the heat bath on the same periodic
 * lattice at the same inverse temperature with the runtime's lattice kernel
 * ({@link Chains#forSparse}: colour by colour, exact integer thresholds), one chain on one core
 * and one chain per core, in spin updates per second, against NumPy's checkerboard; and the
 * mean energy per spin of a long run beside NumPy's and Onsager's exact value.
 *
 * <pre>
 * java -cp releng/bench/target/benchmarks.jar org.thermogen.bench.IsingVersusNumpy NUMPY_DIR
 * </pre>
 */
public final class IsingVersusNumpy {
    private IsingVersusNumpy() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Object> numpy = Json.parseObject(Files.readString(Path.of(args[0]).resolve("numpy.json")));
        int side = ((Number) numpy.get("side")).intValue();
        double beta = ((Number) numpy.get("beta")).doubleValue();
        int n = side * side;
        SparseCouplings.Builder b = SparseCouplings.builder(n, Domain.SPIN);
        for (int i = 0; i < side; i++) {
            for (int j = 0; j < side; j++) {
                b.pair(i * side + j, ((i + 1) % side) * side + j, beta);
                b.pair(i * side + j, i * side + (j + 1) % side, beta);
            }
        }
        SparseCouplings c = b.build();
        int cores = Runtime.getRuntime().availableProcessors();
        double best = 0;
        String config = "";
        ForkJoinPool pool = new ForkJoinPool(cores);
        try {
            for (int threads : cores == 1 ? new int[] {1} : new int[] {1, cores}) {
                SingleSiteChain[] chains = new SingleSiteChain[threads];
                for (int k = 0; k < threads; k++) {
                    chains[k] = Chains.forSparse(c, new SplittableRandom(10 + k));
                }
                int sweeps = Math.max(10, (1 << 24) / n);
                double rate = 0;
                for (int round = 0; round < 6; round++) {   // the first warms the JIT
                    long t0 = System.nanoTime();
                    Parallel.forEach(threads == 1 ? null : pool, threads, k -> {
                        for (int s = 0; s < sweeps; s++) {
                            chains[k].sweep();
                        }
                    });
                    double r = (double) threads * sweeps * n / ((System.nanoTime() - t0) / 1e9);
                    if (round > 0) {
                        rate = Math.max(rate, r);
                    }
                }
                System.out.printf(Locale.ROOT, "thermogen lattice kernel %dx%d, %d chains on %d threads: %.3e spin"
                        + " updates/s%n", side, side, threads, threads, rate);
                if (rate > best) {
                    best = rate;
                    config = threads == 1 ? "1 chain, 1 thread" : threads + " chains, " + threads + " threads";
                }
            }
            multiSpin(c, side, beta, numpy, cores, pool);
        } finally {
            pool.shutdown();
        }
        // The same measurement as NumPy's side: every 10th of 2000 sweeps after 200.
        SingleSiteChain chain = Chains.forSparse(c, new SplittableRandom(1));
        double sum = 0;
        double sumSq = 0;
        int count = 0;
        for (int k = 0; k < 2000; k++) {
            chain.sweep();
            if (k >= 200 && k % 10 == 0) {
                double u = energyPerSpin(chain.state(), side);
                sum += u;
                sumSq += u * u;
                count++;
            }
        }
        double mean = sum / count;
        double se = Math.sqrt(Math.max(0, sumSq / count - mean * mean) / count);
        double refRate = 0;
        String refConfig = "";
        for (Map.Entry<?, ?> e : ((Map<?, ?>) numpy.get("rate")).entrySet()) {
            double r = ((Number) e.getValue()).doubleValue();
            if (r > refRate) {
                refRate = r;
                refConfig = e.getKey() + ("1".equals(e.getKey()) ? " thread" : " threads");
            }
        }
        Result.print("Ising heat bath " + side + "x" + side + ", beta " + beta, "lattice kernel, " + config,
                String.format(Locale.ROOT, "%.3e spin updates/s", best), String.format(Locale.ROOT,
                        "NumPy checkerboard, %s: %.3e spin updates/s", refConfig, refRate), best / refRate,
                String.format(Locale.ROOT, "energy per spin %.4f +- %.4f vs %.4f +- %.4f; Onsager %.4f", mean, se,
                        ((Number) numpy.get("energy")).doubleValue(), ((Number) numpy.get("energy_se")).doubleValue(),
                        ((Number) numpy.get("exact_energy")).doubleValue()));
    }

    /**
     * The multi-spin kernel ({@link MultiSpinLattice}: 64 chains to a word) on one word and one
     * thread, then one word per core, against NumPy's checkerboard on 64 chains stacked in one
     * array at its best thread count; the mean energy per spin of the 64 chains beside Onsager's.
     */
    private static void multiSpin(SparseCouplings c, int side, double beta, Map<String, Object> numpy, int cores,
            ForkJoinPool pool) {
        int n = side * side;
        double best = 0;
        String config = "";
        for (int threads : cores == 1 ? new int[] {1} : new int[] {1, cores}) {
            MultiSpinLattice[] words = new MultiSpinLattice[threads];
            for (int k = 0; k < threads; k++) {
                words[k] = new MultiSpinLattice(c, MultiSpinLattice.MAX_LANES, new SplittableRandom(30 + k));
            }
            int sweeps = Math.max(10, (1 << 26) / (n * MultiSpinLattice.MAX_LANES));
            double rate = 0;
            for (int round = 0; round < 6; round++) {   // the first warms the JIT
                long t0 = System.nanoTime();
                Parallel.forEach(threads == 1 ? null : pool, threads, k -> {
                    for (int s = 0; s < sweeps; s++) {
                        words[k].sweep();
                    }
                });
                double r = (double) threads * MultiSpinLattice.MAX_LANES * sweeps * n
                        / ((System.nanoTime() - t0) / 1e9);
                if (round > 0) {
                    rate = Math.max(rate, r);
                }
            }
            System.out.printf(Locale.ROOT, "thermogen multi-spin %dx%d, %d chains on %d threads: %.3e spin updates/s%n",
                    side, side, threads * MultiSpinLattice.MAX_LANES, threads, rate);
            if (rate > best) {
                best = rate;
                config = threads * MultiSpinLattice.MAX_LANES + " chains, " + threads
                        + (threads == 1 ? " thread" : " threads");
            }
        }
        MultiSpinLattice chains = new MultiSpinLattice(c, MultiSpinLattice.MAX_LANES, new SplittableRandom(2));
        for (int k = 0; k < 200; k++) {
            chains.sweep();
        }
        double[] chainMean = new double[MultiSpinLattice.MAX_LANES];
        double[] state = new double[n];
        for (int k = 0; k < 200; k++) {
            chains.sweep();
            if (k % 10 == 0) {
                for (int l = 0; l < chainMean.length; l++) {
                    chainMean[l] += energyPerSpin(chains.state(l, state), side) / 20;
                }
            }
        }
        double sum = 0;
        double sumSq = 0;
        for (double m : chainMean) {
            sum += m;
            sumSq += m * m;
        }
        double mean = sum / chainMean.length;
        double se = Math.sqrt(Math.max(0, sumSq / chainMean.length - mean * mean) / (chainMean.length - 1));
        double refRate = 0;
        String refConfig = "";
        for (Map.Entry<?, ?> e : ((Map<?, ?>) numpy.get("rate_chains")).entrySet()) {
            double r = ((Number) e.getValue()).doubleValue();
            if (r > refRate) {
                refRate = r;
                refConfig = e.getKey() + ("1".equals(e.getKey()) ? " thread" : " threads");
            }
        }
        Result.print("Ising heat bath " + side + "x" + side + ", beta " + beta + ", many chains",
                "multi-spin, " + Backend.kernels().name() + " kernels, " + config,
                String.format(Locale.ROOT, "%.3e spin updates/s", best), String.format(Locale.ROOT,
                        "NumPy checkerboard, %d chains stacked, %s: %.3e spin updates/s",
                        ((Number) numpy.get("chains")).intValue(), refConfig, refRate), best / refRate,
                String.format(Locale.ROOT, "energy per spin %.4f +- %.4f over 64 chains; Onsager %.4f", mean, se,
                        ((Number) numpy.get("exact_energy")).doubleValue()));
    }

    /** {@code -(1/N) sum s_ij (s_i+1,j + s_i,j+1)}: J = 1, so the energy without the inverse temperature. */
    private static double energyPerSpin(double[] s, int side) {
        double e = 0;
        for (int i = 0; i < side; i++) {
            for (int j = 0; j < side; j++) {
                double v = s[i * side + j];
                e -= v * (s[((i + 1) % side) * side + j] + s[i * side + (j + 1) % side]);
            }
        }
        return e / (side * side);
    }
}
