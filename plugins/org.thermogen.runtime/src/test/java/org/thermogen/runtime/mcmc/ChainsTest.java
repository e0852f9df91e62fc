package org.thermogen.runtime.mcmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.sample.Samples;
import org.thermogen.runtime.testmodels.Lattice;
import org.thermogen.runtime.testmodels.RandomMachines;

class ChainsTest {

    /** A random machine on n units where each pair is coupled with probability {@code density}. */
    private static PairwiseEnergy sparseRandom(int n, Domain domain, double density, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        PairwiseEnergy e = new PairwiseEnergy(n, domain);
        for (int k = 0; k < n; k++) {
            for (int l = k + 1; l < n; l++) {
                if (r.nextDouble() < density) {
                    e.setPair(k, l, 0.6 * r.nextGaussian());
                }
            }
            e.setBias(k, 0.3 * r.nextGaussian());
        }
        return e;
    }

    private static double totalVariation(double[] counts, long total, double[] p) {
        double tv = 0;
        for (int i = 0; i < p.length; i++) {
            tv += 0.5 * Math.abs(counts[i] / total - p[i]);
        }
        return tv;
    }

    @Test
    void theKernelFollowsTheCouplings() {
        Lattice lattice = new Lattice(6, 6, Domain.SPIN);
        SparseCouplings c = SparseCouplings.of(lattice.energyAt(1.0, 0.0));
        assertTrue(c.uniform());
        assertEquals(4, c.maxDegree());
        assertEquals(72, c.edges());
        assertInstanceOf(LatticeChain.class, Chains.forPairwise(lattice.energyAt(1.0, 0.0), new SplittableRandom(1)));
        assertInstanceOf(SparseChain.class, Chains.forPairwise(sparseRandom(40, Domain.SPIN, 0.1, 2), new SplittableRandom(1)));
        assertInstanceOf(GibbsChain.class,
                Chains.forPairwise(RandomMachines.random(10, Domain.SPIN, 0.3, 0.1, 3), new SplittableRandom(1)));
    }

    @Test
    void theSparseBuilderGivesWhatTheDenseMatrixGives() {
        PairwiseEnergy e = sparseRandom(30, Domain.BINARY, 0.1, 4);
        e.setConstant(0.7);
        SparseCouplings.Builder b = SparseCouplings.builder(30, Domain.BINARY).constant(0.7);
        for (int k = 29; k >= 0; k--) {
            b.bias(k, e.bias(k));
            for (int l = 0; l < k; l++) {
                if (e.pair(k, l) != 0) {
                    // Split in two halves given in both orders: repeats must add up.
                    b.pair(k, l, e.pair(k, l) * 0.25).pair(l, k, e.pair(k, l) * 0.75);
                }
            }
        }
        SparseCouplings built = b.build();
        SparseCouplings scanned = SparseCouplings.of(e);
        assertArrayEquals(scanned.starts(), built.starts());
        assertArrayEquals(scanned.neighbours(), built.neighbours());
        double[] s = RandomMachines.state(0x2f3a1bL, 30, Domain.BINARY);
        assertEquals(e.energy(s), built.energy(s), 1e-12);
        assertEquals(e.energy(s), scanned.energy(s), 0.0);
    }

    /** Zero couplings add nothing to a field, so skipping them changes no bit of the chain. */
    @Test
    void theSparseChainIsBitIdenticalWithTheDenseOne() {
        for (Domain domain : Domain.values()) {
            if (domain == Domain.REAL) {
                continue;
            }
            PairwiseEnergy e = sparseRandom(40, domain, 0.1, 5);
            SparseChain sparse = new SparseChain(SparseCouplings.of(e), new double[] {1.0}, new SplittableRandom(6), null);
            GibbsChain dense = new GibbsChain(e, new SplittableRandom(6));
            for (int i = 0; i < 2000; i++) {
                sparse.sweep();
                dense.sweep();
                assertArrayEquals(dense.state(), sparse.state(), "sweep " + i);
            }
            assertEquals(dense.flipRate(), sparse.flipRate());
            assertEquals(e.energy(sparse.state()), sparse.energy(), 1e-12);
        }
    }

    /**
     * The lattice kernel against the definition written out: visit the even sites of the
     * checkerboard, then the odd ones (the greedy colouring of an even periodic lattice),
     * and set each spin up when {@code nextDouble() < 1 / (1 + exp(-2 beta (h + J m)))}.
     * Couplings and fields that are not integers make every probability a rounded number:
     * the integer thresholds must reproduce each draw exactly.
     */
    @Test
    void theLatticeChainIsBitExactWithTheHeatBathDefinition() {
        int rows = 6;
        int cols = 8;
        double coupling = 0.4406868;
        double field = 0.0123;
        double beta = 1 / 1.37;
        Lattice lattice = new Lattice(rows, cols, Domain.SPIN);
        SparseCouplings c = SparseCouplings.of(lattice.energyAt(coupling, field));
        LatticeChain chain = new LatticeChain(c, new double[] {0.5, beta}, new SplittableRandom(7), null);
        chain.rung(1);
        SplittableRandom r = new SplittableRandom(7);
        int n = rows * cols;
        double[] s = new double[n];
        for (int k = 0; k < n; k++) {
            s[k] = r.nextBoolean() ? 1 : -1;
        }
        assertArrayEquals(s, chain.state());
        double scale = -2.0 * beta;
        for (int sweep = 0; sweep < 3000; sweep++) {
            for (int parity = 0; parity < 2; parity++) {
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        if (((i + j) & 1) != parity) {
                            continue;
                        }
                        int m = (int) (s[lattice.site(i + 1, j)] + s[lattice.site(i - 1, j)] + s[lattice.site(i, j + 1)]
                                + s[lattice.site(i, j - 1)]);
                        double p = 1.0 / (1.0 + Math.exp(scale * (field + coupling * m)));
                        s[lattice.site(i, j)] = r.nextDouble() < p ? 1 : -1;
                    }
                }
            }
            chain.sweep();
            assertArrayEquals(s, chain.state(), "sweep " + sweep);
        }
        assertEquals(lattice.energy(s, new double[] {coupling, field}), chain.energy(), 1e-12);
    }

    /**
     * 3x3 periodic lattices (each unit has four distinct neighbours; the odd cycles need a
     * third colour) with 512 states, and a sparse random machine on 9 units. 400 000 sweeps
     * of one chain: the empirical distribution of N effectively independent draws is
     * within total variation 0.4 * sum_i sqrt(p_i / N) <= 0.4 * sqrt(512 / N) of the truth;
     * with N >= 1e5 (correlation at these weak couplings costs less than a factor 4) that is
     * at most 0.029 in the worst (uniform) case and well under 0.02 for these peaked
     * distributions, so 0.02 fails only for a wrong distribution. The dense chain must
     * satisfy the same bound, and the two empirical distributions must agree within 0.03.
     */
    @Test
    void theFastKernelsSampleTheSameDistributionAsTheDenseOne() {
        int sweeps = 400_000;
        PairwiseEnergy[] machines = {new Lattice(3, 3, Domain.SPIN).energyAt(0.35, 0.1),
            new Lattice(3, 3, Domain.BINARY).energyAt(0.5, -0.9), sparseRandom(9, Domain.SPIN, 0.25, 8)};
        for (PairwiseEnergy e : machines) {
            int n = e.size();
            double[] p = RandomMachines.probabilities(e);
            SingleSiteChain fast = Chains.forSparse(SparseCouplings.of(e), new SplittableRandom(9));
            GibbsChain dense = new GibbsChain(e, new SplittableRandom(10));
            double[] fastCounts = new double[p.length];
            double[] denseCounts = new double[p.length];
            for (int i = 0; i < sweeps; i++) {
                fast.sweep();
                dense.sweep();
                fastCounts[RandomMachines.index(fast.state(), 0, n)]++;
                denseCounts[RandomMachines.index(dense.state(), 0, n)]++;
            }
            double tvFast = totalVariation(fastCounts, sweeps, p);
            double tvDense = totalVariation(denseCounts, sweeps, p);
            double between = 0;
            for (int i = 0; i < p.length; i++) {
                between += 0.5 * Math.abs(fastCounts[i] - denseCounts[i]) / sweeps;
            }
            String kind = fast.getClass().getSimpleName();
            assertEquals(e.energy(fast.state()), ((Replica) fast).energy(), 1e-12, kind + " energy");
            assertTrue(tvFast < 0.02, kind + " total variation " + tvFast);
            assertTrue(tvDense < 0.02, "dense total variation " + tvDense);
            assertTrue(between < 0.03, kind + " vs dense " + between);
        }
    }

    /** The same energy with the field reversed is a different distribution: the bound above can fail. */
    @Test
    void theTotalVariationBoundHasTeeth() {
        PairwiseEnergy e = new Lattice(3, 3, Domain.SPIN).energyAt(0.35, 0.1);
        double[] p = RandomMachines.probabilities(new Lattice(3, 3, Domain.SPIN).energyAt(0.35, -0.1));
        SingleSiteChain fast = Chains.forSparse(SparseCouplings.of(e), new SplittableRandom(9));
        double[] counts = new double[p.length];
        for (int i = 0; i < 100_000; i++) {
            fast.sweep();
            counts[RandomMachines.index(fast.state(), 0, 9)]++;
        }
        assertTrue(totalVariation(counts, 100_000, p) > 0.1);
    }

    @Test
    void gibbsOnALatticeIsBitIdenticalForAnyThreadCount() {
        Lattice lattice = new Lattice(8, 8, Domain.SPIN);
        double[] theta = {0.44, 0.0};
        GibbsSampler sampler = GibbsSampler.builder().chains(4).sweeps(200).burnin(50).build();
        RunContext one = new RunContext(11, Path.of(""), ProgressListener.NONE, 1);
        RunContext two = new RunContext(11, Path.of(""), ProgressListener.NONE, 2);
        try {
            Samples a = sampler.sample(lattice, theta, 400, one);
            Samples b = sampler.sample(lattice, theta, 400, two);
            assertArrayEquals(a.values(), b.values());
            assertTrue(a.diagnostics().get("flip_rate") > 0.05);
        } finally {
            two.close();
        }
    }

    /**
     * 130 chains on a 3 x 3 lattice run three multi-spin words (44, 43 and 43 chains): their
     * 260 000 samples lie within total variation 0.02 of the exact distribution (the bound
     * above), are the same bits on one thread and two, and an uneven number of samples is
     * dealt to the chains as the one-at-a-time path deals it.
     */
    @Test
    void gibbsRunsManyChainsOnALatticeSixtyFourToAWord() {
        Lattice lattice = new Lattice(3, 3, Domain.SPIN);
        double[] theta = {0.35, 0.1};
        PairwiseEnergy e = lattice.energyAt(theta[0], theta[1]);
        assertTrue(MultiSpinLattice.pays(SparseCouplings.of(e), 130));
        double[] p = RandomMachines.probabilities(e);
        GibbsSampler sampler = GibbsSampler.builder().chains(130).sweeps(2000).burnin(50).build();
        RunContext one = new RunContext(11, Path.of(""), ProgressListener.NONE, 1);
        RunContext two = new RunContext(11, Path.of(""), ProgressListener.NONE, 2);
        try {
            Samples a = sampler.sample(lattice, theta, 260_000, one);
            Samples b = sampler.sample(lattice, theta, 260_000, two);
            assertArrayEquals(a.values(), b.values());
            double[] counts = new double[p.length];
            for (int r = 0; r < a.count(); r++) {
                counts[RandomMachines.index(a.values(), r * 9, 9)]++;
            }
            double tv = totalVariation(counts, a.count(), p);
            assertTrue(tv < 0.02, "total variation " + tv);
            assertEquals(0.3, a.diagnostics().get("flip_rate"), 0.25);
            Samples uneven = sampler.sample(lattice, theta, 1001, one);
            assertEquals(1001, uneven.count());
            for (double v : uneven.values()) {
                assertTrue(v == 1.0 || v == -1.0, "a spin is " + v);
            }
        } finally {
            two.close();
        }
    }

    /** Persistent chains move to the kernel the new couplings call for and keep their state and stream. */
    @Test
    void aContinuedChainKeepsItsStateAndStream() {
        Lattice lattice = new Lattice(4, 4, Domain.SPIN);
        SplittableRandom stream = new SplittableRandom(12);
        SingleSiteChain chain = Chains.forPairwise(lattice.energyAt(0.3, 0.0), stream);
        chain.sweep();
        double[] before = chain.state().clone();
        PairwiseEnergy uneven = lattice.energyAt(0.3, 0.0);
        uneven.setPair(0, 1, 0.31);
        SingleSiteChain next = Chains.continueWith(chain, uneven, stream);
        assertInstanceOf(SparseChain.class, next);
        assertArrayEquals(before, next.state());
        // The continued chain draws what a sparse chain started from that state on that stream draws.
        SplittableRandom copy = new SplittableRandom(12);
        LatticeChain replay = new LatticeChain(SparseCouplings.of(lattice.energyAt(0.3, 0.0)), new double[] {1}, copy, null);
        replay.sweep();
        SparseChain reference = new SparseChain(SparseCouplings.of(uneven), new double[] {1}, copy, before);
        next.sweep();
        reference.sweep();
        assertArrayEquals(reference.state(), next.state());
    }
}
