package org.thermogen.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.thermogen.runtime.definition.EnergyModel;
import org.thermogen.runtime.definition.ModelDefinition;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.energy.PairwiseForm;
import org.thermogen.runtime.energy.PairwiseStructure;
import org.thermogen.runtime.mcmc.Chains;
import org.thermogen.runtime.mcmc.GibbsChain;
import org.thermogen.runtime.mcmc.Ladder;
import org.thermogen.runtime.mcmc.ParallelTempering;
import org.thermogen.runtime.mcmc.SingleSiteChain;
import org.thermogen.runtime.mcmc.SparseCouplings;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.Init;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.model.Role;
import org.thermogen.runtime.model.Shape;
import org.thermogen.runtime.model.Structure;
import org.thermogen.runtime.run.Parallel;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;

/**
 * Single-site heat bath on periodic Ising lattices ({@code J = 1} at the critical
 * temperature {@code T_c = 2 / ln(1 + sqrt 2)}), in spin updates per second, against two
 * references measured in the same run: the dense {@link GibbsChain} (fields kept current
 * through a full row of {@code W} per changed spin) and a plain hand-written heat bath
 * (neighbours found by index arithmetic, a table of probabilities, {@code nextDouble()},
 * sites in order). Measured: the lattice kernel {@link Chains} picks on one core, two
 * chains on both cores, and parallel tempering on one and on both cores.
 *
 * <pre>
 * ./mvnw -B -q -o -pl plugins/org.thermogen.runtime,releng/bench package -DskipTests
 * java -cp releng/bench/target/benchmarks.jar org.thermogen.bench.LatticeBench [seconds per measurement]
 * </pre>
 * Each figure is the median of five timed runs of about the given duration (default 1 s)
 * after a warm-up: medians resist the other processes of a shared machine.
 */
public final class LatticeBench {
    private static final double TC = 2 / Math.log(1 + Math.sqrt(2));
    private static final int RUNS = 5;

    private LatticeBench() {
    }

    /** Something that performs a known number of spin updates per call. */
    private interface Work {
        long run();
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "Ising heat bath, periodic lattices, J = 1, T = T_c = %.4f; %d cores; median of %d"
                + " runs of %.1f s%n", TC, cores, RUNS, seconds);
        ForkJoinPool pool = new ForkJoinPool(2);
        try {
            control(seconds, pool);
            for (int side : new int[] {64, 128}) {
                lattice(side, seconds, pool);
            }
            tempering(seconds);
        } finally {
            pool.shutdown();
        }
    }

    private static void lattice(int side, double seconds, ForkJoinPool pool) {
        int n = side * side;
        SparseCouplings c = latticeCouplings(side, 1.0 / TC);
        System.out.printf(Locale.ROOT, "%n%dx%d lattice (%d spins), kernel: %s%n", side, side, n, Chains.kernel(c));
        double dense = Double.NaN;
        if (side <= 64) {
            // The dense matrix of a 64x64 lattice holds 16.7 million couplings (134 MB).
            PairwiseEnergy e = new PairwiseEnergy(n, Domain.SPIN);
            for (int i = 0; i < side; i++) {
                for (int j = 0; j < side; j++) {
                    e.addPair(i * side + j, ((i + 1) % side) * side + j, 1.0 / TC);
                    e.addPair(i * side + j, i * side + (j + 1) % side, 1.0 / TC);
                }
            }
            GibbsChain chain = new GibbsChain(e, new SplittableRandom(1));
            dense = rate(() -> {
                chain.sweep();
                return n;
            }, seconds / 4);
        }
        double[] table = plainTable(1.0 / TC);
        byte[] spins = new byte[n];
        SplittableRandom r = new SplittableRandom(2);
        for (int k = 0; k < n; k++) {
            spins[k] = r.nextBoolean() ? (byte) 1 : (byte) -1;
        }
        double plain = rate(() -> {
            plainSweep(spins, side, table, r);
            return n;
        }, seconds);
        SingleSiteChain one = Chains.forSparse(c, new SplittableRandom(3));
        double fast = rate(() -> {
            for (int i = 0; i < 10; i++) {
                one.sweep();
            }
            return 10L * n;
        }, seconds);
        SingleSiteChain[] two = {Chains.forSparse(c, new SplittableRandom(4)), Chains.forSparse(c, new SplittableRandom(5))};
        int block = Math.max(10, (1 << 22) / n);
        double both = rate(() -> {
            Parallel.forEach(pool, 2, k -> {
                for (int i = 0; i < block; i++) {
                    two[k].sweep();
                }
            });
            return 2L * block * n;
        }, seconds);
        print("dense GibbsChain, 1 core", dense, dense, plain);
        print("plain heat bath, 1 core", plain, dense, plain);
        print("lattice kernel, 1 core", fast, dense, plain);
        print("lattice kernel, 2 chains on 2 cores", both, dense, plain);
        System.out.printf(Locale.ROOT, "  flip rate %.3f%n", one.flipRate());
    }

    /**
     * What two threads get on this machine right now: a loop of integer arithmetic with no
     * memory traffic, on one thread and on two. On a shared machine the second core may be
     * partly taken, and the two-core figures below can only be read against this one.
     */
    private static void control(double seconds, ForkJoinPool pool) {
        long[] sink = new long[2];
        long iterations = 1 << 22;
        double one = rate(() -> {
            sink[0] += spin(iterations, sink[0]);
            return iterations;
        }, seconds);
        double two = rate(() -> {
            Parallel.forEach(pool, 2, k -> sink[k] += spin(iterations, sink[k]));
            return 2 * iterations;
        }, seconds);
        System.out.printf(Locale.ROOT, "control: pure arithmetic scales %.2fx from one thread to two%n", two / one);
    }

    private static long spin(long iterations, long seed) {
        long x = seed | 1;
        for (long i = 0; i < iterations; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x;
    }

    private static void tempering(double seconds) {
        int side = 32;
        int n = side * side;
        ModelDefinition model = new IsingModel(side);
        double[] theta = {1.0};
        for (int swapEvery : new int[] {1, 10}) {
            ParallelTempering pt = ParallelTempering.builder().temperatures(Ladder.geometric(2.0, 2.8, 16)).sweeps(2000)
                    .burnin(0).thin(1).swapEvery(swapEvery).build();
            System.out.printf(Locale.ROOT, "%nparallel tempering, %dx%d lattice, 16 temperatures, swap_every %d%n", side, side,
                    swapEvery);
            double[] rates = new double[2];
            for (int threads = 1; threads <= 2; threads++) {
                RunContext context = new RunContext(7, Path.of(""), ProgressListener.NONE, threads);
                try {
                    rates[threads - 1] = rate(() -> {
                        // Includes building the replicas from the dense couplings (a few percent).
                        pt.sample(model, theta, 2000, context);
                        return 16L * 2000 * n;
                    }, seconds);
                } finally {
                    context.close();
                }
            }
            System.out.printf(Locale.ROOT, "  1 core  %10.3e updates/s%n  2 cores %10.3e updates/s   %.2fx one core%n",
                    rates[0], rates[1], rates[1] / rates[0]);
        }
    }

    private static void print(String what, double rate, double dense, double plain) {
        if (Double.isNaN(rate)) {
            System.out.printf(Locale.ROOT, "  %-38s (not run: the dense matrix would not fit)%n", what);
            return;
        }
        String vsDense = Double.isNaN(dense) ? "" : String.format(Locale.ROOT, "%8.1fx dense", rate / dense);
        System.out.printf(Locale.ROOT, "  %-38s %10.3e updates/s %s %6.2fx plain%n", what, rate, vsDense, rate / plain);
    }

    /** Median updates per second of {@code work}, after a warm-up of the same length. */
    private static double rate(Work work, double seconds) {
        long budget = (long) (seconds * 1e9);
        long start = System.nanoTime();
        while (System.nanoTime() - start < budget) {
            work.run();
        }
        double[] rates = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long updates = 0;
            long t0 = System.nanoTime();
            long t;
            do {
                updates += work.run();
                t = System.nanoTime();
            } while (t - t0 < budget);
            rates[i] = updates / ((t - t0) / 1e9);
        }
        Arrays.sort(rates);
        return rates[RUNS / 2];
    }

    private static SparseCouplings latticeCouplings(int side, double coupling) {
        SparseCouplings.Builder b = SparseCouplings.builder(side * side, Domain.SPIN);
        for (int i = 0; i < side; i++) {
            for (int j = 0; j < side; j++) {
                b.pair(i * side + j, ((i + 1) % side) * side + j, coupling);
                b.pair(i * side + j, i * side + (j + 1) % side, coupling);
            }
        }
        return b.build();
    }

    /** {@code P(up)} for each neighbour sum -4, -2, ..., 4, at index sum + 4. */
    private static double[] plainTable(double coupling) {
        double[] t = new double[9];
        for (int m = -4; m <= 4; m++) {
            t[m + 4] = 1.0 / (1.0 + Math.exp(-2 * coupling * m));
        }
        return t;
    }

    /** The heat bath as one would write it by hand: sites in order, wrap-around by arithmetic. */
    private static void plainSweep(byte[] s, int side, double[] table, SplittableRandom r) {
        for (int i = 0; i < side; i++) {
            int up = ((i + side - 1) % side) * side;
            int down = ((i + 1) % side) * side;
            int row = i * side;
            for (int j = 0; j < side; j++) {
                int left = row + (j + side - 1) % side;
                int right = row + (j + 1) % side;
                int m = s[up + j] + s[down + j] + s[left] + s[right];
                s[row + j] = r.nextDouble() < table[m + 4] ? (byte) 1 : (byte) -1;
            }
        }
    }

    /** {@code visible s[L,L] : spin periodic; param J; energy E(s) = -J * sum(i, j) s[i,j] * (s[i+1,j] + s[i,j+1])}. */
    private static final class IsingModel extends EnergyModel {
        private final int side;
        private final ModelSpec spec;

        IsingModel(int side) {
            this.side = side;
            this.spec = ModelSpec.builder("Ising" + side).variable("s", Role.VISIBLE, Domain.SPIN, Shape.of(side, side), true)
                    .param("J", Shape.scalar(), Init.zeros(), false).build();
        }

        private int site(int i, int j) {
            return Math.floorMod(i, side) * side + Math.floorMod(j, side);
        }

        @Override
        public ModelSpec spec() {
            return spec;
        }

        @Override
        public double energy(double[] x, double[] theta) {
            double bonds = 0;
            for (int i = 0; i < side; i++) {
                for (int j = 0; j < side; j++) {
                    bonds += x[site(i, j)] * (x[site(i + 1, j)] + x[site(i, j + 1)]);
                }
            }
            return -theta[0] * bonds;
        }

        @Override
        public void addParameterGradient(double[] x, double[] theta, double scale, double[] grad) {
            grad[0] += scale * energy(x, new double[] {1.0});
        }

        @Override
        public void stateGradient(double[] x, double[] theta, double[] gradX) {
            for (int i = 0; i < side; i++) {
                for (int j = 0; j < side; j++) {
                    gradX[site(i, j)] = -theta[0] * (x[site(i + 1, j)] + x[site(i - 1, j)] + x[site(i, j + 1)]
                            + x[site(i, j - 1)]);
                }
            }
        }

        @Override
        public Structure structure() {
            return new PairwiseStructure(new PairwiseForm() {
                @Override
                public void couplings(double[] theta, PairwiseEnergy out) {
                    out.clear();
                    for (int i = 0; i < side; i++) {
                        for (int j = 0; j < side; j++) {
                            out.addPair(site(i, j), site(i + 1, j), theta[0]);
                            out.addPair(site(i, j), site(i, j + 1), theta[0]);
                        }
                    }
                }

                @Override
                public void addCouplingsAdjoint(double[] theta, PairwiseEnergy deta, double scale, double[] grad) {
                    for (int i = 0; i < side; i++) {
                        for (int j = 0; j < side; j++) {
                            grad[0] += scale * (deta.pair(site(i, j), site(i + 1, j)) + deta.pair(site(i, j), site(i, j + 1)));
                        }
                    }
                }

                @Override
                public boolean affine() {
                    return true;
                }
            });
        }
    }
}
