package org.thermogen.runtime.mcmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.definition.ModelDefinition;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.exact.Enumeration;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.Structure;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.sample.Samples;
import org.thermogen.runtime.testmodels.EnergyOnly;
import org.thermogen.runtime.testmodels.FullyVisible;
import org.thermogen.runtime.testmodels.Lattice;
import org.thermogen.runtime.testmodels.RandomMachines;
import org.thermogen.runtime.train.Expectation;

class ParallelTemperingTest {

    private static RunContext context(long seed, int threads) {
        return new RunContext(seed, Path.of(""), ProgressListener.NONE, threads);
    }

    private static double totalVariation(Samples samples, double[] p) {
        double[] counts = new double[p.length];
        for (int i = 0; i < samples.count(); i++) {
            counts[RandomMachines.index(samples.values(), i * samples.dimension(), samples.dimension())]++;
        }
        double tv = 0;
        for (int i = 0; i < p.length; i++) {
            tv += 0.5 * Math.abs(counts[i] / samples.count() - p[i]);
        }
        return tv;
    }

    @Test
    void laddersAndSettings() {
        Ladder g = Ladder.geometric(1.5, 3.5, 16);
        assertEquals(16, g.size());
        assertEquals(1.5, g.temperature(0));
        assertEquals(3.5, g.temperature(15));
        assertEquals(Math.pow(3.5 / 1.5, 1.0 / 15), g.temperature(1) / g.temperature(0), 1e-12);
        assertEquals("geometric(1.5, 3.5, 16)", g.describe());
        assertEquals(0, g.closestToOne());
        Ladder l = Ladder.list(new double[] {0.8, 1.1, 2});
        assertEquals("[0.8, 1.1, 2]", l.describe());
        assertEquals(1, l.closestToOne());
        assertThrows(IllegalArgumentException.class, () -> Ladder.list(new double[] {1, 1}));
        assertThrows(IllegalArgumentException.class, () -> Ladder.geometric(2, 1, 4));
        assertThrows(IllegalArgumentException.class, () -> Ladder.geometric(1, 2, 1));
        ParallelTempering pt = ParallelTempering.builder().temperatures(g).sweeps(20000).burnin(1000).thin(1).swapEvery(1)
                .build();
        assertEquals("parallel_tempering(temperatures geometric(1.5, 3.5, 16), sweeps 20000, burnin 1000, thin 1,"
                + " swap_every 1)", pt.describe());
        assertEquals(20000, pt.defaultCount());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParallelTempering.builder().swapEvery(0).build());
        assertTrue(e.getMessage().contains("swap_every"), e.getMessage());
    }

    /**
     * Ten spins (1024 states) with the couplings of the Gibbs test; 400 000 samples of the
     * T = 1 replica, one per sweep. As in GibbsTest, the expected total variation of N
     * effectively independent draws is about 0.4 * sum_i sqrt(p_i / N) <= 0.4 * 32 / sqrt(N);
     * with N around 1e5 (the one chain's correlation, shortened by the swaps, at most
     * quarters the 4e5 draws) that is below 0.04 for the uniform worst case and about 0.01
     * here, so 0.02 fails only if the T = 1 replica samples the wrong distribution.
     */
    @Test
    void replicaExchangeReachesTotalVariationBelowTwoHundredths() {
        int n = 10;
        PairwiseEnergy e = RandomMachines.random(n, Domain.SPIN, 0.3, 0.2, 21);
        FullyVisible model = new FullyVisible(n, Domain.SPIN);
        double[] theta = model.parametersOf(e);
        ParallelTempering pt = ParallelTempering.builder().temperatures(Ladder.list(new double[] {1, 1.4, 2}))
                .sweeps(400_000).burnin(100).build();
        Samples s = pt.sample(model, theta, pt.defaultCount(), context(3, 2));
        double tv = totalVariation(s, RandomMachines.probabilities(e));
        assertTrue(tv < 0.02, "total variation " + tv);
        assertEquals(1.0, s.diagnostics().get("temperature"));
        assertTrue(s.diagnostics().get("swap_rate_0") > 0.3, s.diagnostics().toString());
        assertTrue(s.diagnostics().get("swap_rate_1") > 0.3, s.diagnostics().toString());
        // The T = 1 chain measured as one chain: its halves agree (split R-hat) and it is worth many draws.
        assertEquals(1.0, s.diagnostics().get("chains"));
        assertTrue(s.diagnostics().get("rhat") < 1.01, s.diagnostics().toString());
        assertTrue(s.diagnostics().get("ess") > 10_000, s.diagnostics().toString());
    }

    /** An energy the runtime sees as general (two energy evaluations per update) samples correctly too. */
    @Test
    void anyDiscreteEnergyRunsOnTheGenericKernel() {
        int n = 6;
        PairwiseEnergy e = RandomMachines.random(n, Domain.BINARY, 0.8, 0.5, 23);
        e.setConstant(0);
        FullyVisible pairwise = new FullyVisible(n, Domain.BINARY);
        // The same energy without the structure the generator would have recognized.
        ModelDefinition general = new EnergyOnly(pairwise);
        assertInstanceOf(Structure.Generic.class, general.structure());
        ParallelTempering pt = ParallelTempering.builder().temperatures(Ladder.list(new double[] {1, 2}))
                .sweeps(100_000).burnin(100).build();
        Samples s = pt.sample(general, pairwise.parametersOf(e), pt.defaultCount(), context(4, 1));
        // 64 states, 1e5 draws: 0.4 * 8 / sqrt(2.5e4) = 0.02 in the uniform worst case.
        double tv = totalVariation(s, RandomMachines.probabilities(e));
        assertTrue(tv < 0.02, "total variation " + tv);
    }

    /** Mode of a configuration: +1 or -1 when |magnetization| exceeds half the units, else 0. */
    private static int mode(double[] values, int offset, int n) {
        double m = 0;
        for (int k = 0; k < n; k++) {
            m += values[offset + k];
        }
        return m > n / 2.0 ? 1 : m < -n / 2.0 ? -1 : 0;
    }

    private static int switches(double[] values, int count, int n) {
        int last = 0;
        int switches = 0;
        for (int i = 0; i < count; i++) {
            int m = mode(values, i * n, n);
            if (m != 0) {
                switches += last != 0 && m != last ? 1 : 0;
                last = m;
            }
        }
        return switches;
    }

    /**
     * A 6x6 periodic ferromagnet at T = 1 (J = 1, T_c = 2.27): turning all spins over means
     * passing through two domain walls that cost 2 * 2 * 6 J = 24, so a single-temperature
     * heat bath stays in its mode (rate about exp(-24) = 4e-11 per sweep). Replica exchange
     * with hot replicas above T_c, where the magnetization changes sign freely, passes
     * reversed configurations down. Same budget: 8 replicas for 20 000 sweeps against one
     * Gibbs chain for 160 000 sweeps.
     */
    @Test
    void replicaExchangeSwitchesModesWhereGibbsDoesNot() {
        Lattice lattice = new Lattice(6, 6, Domain.SPIN);
        double[] theta = {1.0, 0.0};
        int n = 36;
        ParallelTempering pt = ParallelTempering.builder().temperatures(Ladder.geometric(1.0, 3.5, 8)).sweeps(20_000)
                .burnin(100).build();
        Samples tempered = pt.sample(lattice, theta, pt.defaultCount(), context(5, 2));
        GibbsSampler gibbs = GibbsSampler.builder().chains(1).sweeps(160_000).burnin(100).build();
        Samples single = gibbs.sample(lattice, theta, gibbs.defaultCount(), context(5, 1));
        int ptSwitches = switches(tempered.values(), tempered.count(), n);
        int gibbsSwitches = switches(single.values(), single.count(), n);
        assertEquals(0, gibbsSwitches);
        assertTrue(ptSwitches >= 20, "parallel tempering switched modes " + ptSwitches + " times");
    }

    /** Exact energy and |magnetization| per spin of a lattice at one temperature, by summing all states. */
    private static double[] exactLattice(Lattice lattice, int n, double temperature) {
        double[] theta = {1.0, 0.0};
        double z = 0;
        double energy = 0;
        double abs = 0;
        double shift = Double.NaN;
        for (long i = 0; i < (1L << n); i++) {
            double[] s = RandomMachines.state(i, n, Domain.SPIN);
            double e = lattice.energy(s, theta);
            if (Double.isNaN(shift)) {
                shift = -2.0 * n / temperature;
            }
            double w = Math.exp(-e / temperature + shift);
            double m = 0;
            for (double v : s) {
                m += v;
            }
            z += w;
            energy += w * e;
            abs += w * Math.abs(m);
        }
        return new double[] {energy / z / n, abs / z / n};
    }

    /**
     * 4x4 periodic Ising model (J = 1) against the sum over its 65536 states at T = 2 and
     * T = 3. Each per-temperature mean must lie within 4 of its batch-means standard errors
     * (20 batches of 4000 sweeps, far longer than the autocorrelation time here, so the
     * standard error is unbiased; |t| > 4 with 19 degrees of freedom has probability 8e-4),
     * and the standard errors must be small enough for the check to mean something: the
     * values at T = 2 and T = 3 differ by more than 20 of them.
     */
    @Test
    void isingEnergyAndMagnetizationMatchEnumerationWithinErrorBars() {
        Lattice lattice = new Lattice(4, 4, Domain.SPIN);
        ParallelTempering pt = ParallelTempering.builder().temperatures(Ladder.list(new double[] {1, 1.5, 2, 2.5, 3}))
                .sweeps(80_000).burnin(1000).build();
        ParallelTempering.Measurement m = pt.measure(lattice, new double[] {1.0, 0.0}, context(6, 2));
        assertEquals(20, m.batches());
        assertEquals(80_000, m.records());
        assertMatchesEnumerationAtTwoAndThree(lattice, m);
        // By symmetry the mean magnetization is zero at every temperature.
        for (int rung = 0; rung < 5; rung++) {
            assertEquals(0, m.mean("magnetization")[rung], 5 * m.standardError("magnetization")[rung]);
        }
        assertEquals(0, m.closestToOne());
        assertEquals(4, m.swapRates().length);
    }

    /**
     * {@code ladders 3}: the samples are the three ladders' cold chains one after another, the
     * first the single ladder's (the stream "sample", the same bits), the others from their own
     * streams; R-hat and ESS are taken across them. A runner that sends each ladder through
     * Java serialization, as a cluster's task gets it, and runs them last to first gives the
     * same bits.
     */
    @Test
    void laddersAreIndependentChainsAndRunAnywhereToTheBit() {
        Lattice lattice = new Lattice(8, 8, Domain.SPIN);
        double[] theta = {0.3, 0.0};
        ParallelTempering.Builder settings = ParallelTempering.builder().temperatures(Ladder.geometric(1, 3, 4))
                .sweeps(400).burnin(50);
        ParallelTempering one = settings.build();
        ParallelTempering three = settings.ladders(3).build();
        assertEquals(3 * one.defaultCount(), three.defaultCount());
        assertTrue(three.describe().endsWith(", ladders 3)"), three.describe());
        assertEquals(one.describe() + "", ParallelTempering.builder().temperatures(Ladder.geometric(1, 3, 4))
                .sweeps(400).burnin(50).ladders(1).build().describe());
        int n = 301;   // 101, 100 and 100 samples
        Samples pooled = three.sample(lattice, theta, n, context(11, 2));
        assertEquals(n, pooled.count());
        assertEquals(3.0, pooled.diagnostics().get("chains"));
        assertEquals(3.0, pooled.diagnostics().get("ladders"));
        assertTrue(pooled.diagnostics().containsKey("rhat"));
        Samples first = one.sample(lattice, theta, 101, context(11, 1));
        int d = lattice.spec().observedSize();
        assertArrayEquals(first.values(), java.util.Arrays.copyOf(pooled.values(), 101 * d));
        double[] second = java.util.Arrays.copyOfRange(pooled.values(), 101 * d, 201 * d);
        assertTrue(!java.util.Arrays.equals(java.util.Arrays.copyOf(first.values(), 100 * d), second),
                "ladder 1 draws from its own stream");

        ParallelTempering.LadderRunner elsewhere = (sampler, model, at, work, ctx) -> {
            ParallelTempering.LadderRun[] runs = new ParallelTempering.LadderRun[work.ladders()];
            for (int l = work.ladders() - 1; l >= 0; l--) {
                ParallelTempering shipped = (ParallelTempering) roundTrip(sampler);
                ParallelTempering.LadderWork w = (ParallelTempering.LadderWork) roundTrip(work);
                try (RunContext task = context(999, 1)) {
                    runs[l] = (ParallelTempering.LadderRun) roundTrip(
                            shipped.runLadder(model, at, w, l, task, ProgressListener.NONE, null));
                }
            }
            return runs;
        };
        ParallelTempering spread = three.runningLaddersOn(elsewhere);
        Samples again = spread.sample(lattice, theta, n, context(11, 1));
        assertArrayEquals(pooled.values(), again.values());
        assertEquals(pooled.diagnostics(), again.diagnostics());
        ParallelTempering.Measurement here = three.measure(lattice, theta, context(11, 1));
        ParallelTempering.Measurement there = spread.measure(lattice, theta, context(11, 2));
        for (String o : new String[] {"energy", "magnetization", "abs_magnetization"}) {
            assertArrayEquals(here.mean(o), there.mean(o));
            assertArrayEquals(here.standardError(o), there.standardError(o));
        }
        assertArrayEquals(here.swapRates(), there.swapRates());
    }

    private static Object roundTrip(Object o) {
        try {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
                out.writeObject(o);
            }
            try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                    new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
                return in.readObject();
            }
        } catch (java.io.IOException | ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * At rungs 2 and 4 (T = 2 and 3) of a 4x4 lattice's measurement: energy and |m| per spin
     * within 4 standard errors of the sums over its states, and the errors small enough for
     * that to mean something (the other temperature's values more than 20 of them away).
     */
    private static void assertMatchesEnumerationAtTwoAndThree(Lattice lattice, ParallelTempering.Measurement m) {
        for (int rung : new int[] {2, 4}) {
            double t = m.temperatures()[rung];
            double[] exact = exactLattice(lattice, 16, t);
            double energy = m.mean("energy")[rung];
            double energySe = m.standardError("energy")[rung];
            double abs = m.mean("abs_magnetization")[rung];
            double absSe = m.standardError("abs_magnetization")[rung];
            assertTrue(Math.abs(energy - exact[0]) < 4 * energySe,
                    "T " + t + ": energy " + energy + " +- " + energySe + ", exact " + exact[0]);
            assertTrue(Math.abs(abs - exact[1]) < 4 * absSe,
                    "T " + t + ": |m| " + abs + " +- " + absSe + ", exact " + exact[1]);
            double[] other = exactLattice(lattice, 16, t == 2 ? 3 : 2);
            assertTrue(Math.abs(energy - other[0]) > 20 * energySe);
            assertTrue(Math.abs(abs - other[1]) > 20 * absSe);
        }
    }

    /**
     * Four ladders of 20 000 sweeps measure the 4x4 Ising model as one ladder of 80 000 does
     * (see above): within 4 standard errors of the enumerated values at T = 2 and T = 3, the
     * errors now from 80 batches, 20 per ladder, whose spread includes the ladders'.
     */
    @Test
    void pooledLaddersMeasureWithinErrorBarsOfEnumeration() {
        Lattice lattice = new Lattice(4, 4, Domain.SPIN);
        ParallelTempering pt = ParallelTempering.builder().temperatures(Ladder.list(new double[] {1, 1.5, 2, 2.5, 3}))
                .sweeps(20_000).burnin(1000).ladders(4).build();
        ParallelTempering.Measurement m = pt.measure(lattice, new double[] {1.0, 0.0}, context(6, 2));
        assertEquals(80, m.batches());
        assertEquals(80_000, m.records());
        assertMatchesEnumerationAtTwoAndThree(lattice, m);
    }

    /**
     * Eight ladders of one temperature (T = 1, no exchange) on the 6x6 ferromagnet are eight
     * heat-bath chains, each staying in the mode it fell into: R-hat across them is far above
     * 1. With hot rungs the ladders cross between modes and agree.
     */
    @Test
    void rhatAcrossLaddersShowsLaddersStuckInTheirModes() {
        Lattice lattice = new Lattice(6, 6, Domain.SPIN);
        double[] theta = {1.0, 0.0};
        ParallelTempering stuck = ParallelTempering.builder().temperatures(Ladder.list(new double[] {1}))
                .sweeps(2000).burnin(100).ladders(8).build();
        ParallelTempering mixing = ParallelTempering.builder().temperatures(Ladder.geometric(1, 3.5, 8))
                .sweeps(2000).burnin(100).ladders(8).build();
        double stuckRhat = stuck.sample(lattice, theta, stuck.defaultCount(), context(3, 2)).diagnostics().get("rhat");
        double mixingRhat = mixing.sample(lattice, theta, mixing.defaultCount(), context(3, 2)).diagnostics().get("rhat");
        assertTrue(stuckRhat > 2, "R-hat of stuck ladders " + stuckRhat);
        assertTrue(mixingRhat < 1.1, "R-hat of mixing ladders " + mixingRhat);
    }

    /** Two samples from four ladders (two ladders get none): ladder 0's chain, and diagnostics that are numbers. */
    @Test
    void fewerSamplesThanLaddersLeaveTheRestIdle() {
        Lattice lattice = new Lattice(4, 4, Domain.SPIN);
        ParallelTempering four = ParallelTempering.builder().temperatures(Ladder.geometric(1, 3, 4)).sweeps(200)
                .burnin(20).ladders(4).build();
        Samples two = four.sample(lattice, new double[] {0.4, 0.0}, 2, context(5, 1));
        assertEquals(2, two.count());
        assertTrue(Double.isFinite(two.diagnostics().get("flip_rate")), two.diagnostics().toString());
        assertTrue(Double.isFinite(two.diagnostics().get("swap_rate_0")), two.diagnostics().toString());
        Samples first = ParallelTempering.builder().temperatures(Ladder.geometric(1, 3, 4)).sweeps(200).burnin(20)
                .build().sample(lattice, new double[] {0.4, 0.0}, 1, context(5, 1));
        assertArrayEquals(first.values(), java.util.Arrays.copyOf(two.values(), 16));
    }

    @Test
    void laddersAreRefusedBelowOneAndAsAnExpectation() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> ParallelTempering.builder().ladders(0).build());
        assertTrue(none.getMessage().contains("ladders of at least 1"), none.getMessage());
        ParallelTempering two = ParallelTempering.builder().ladders(2).build();
        IllegalArgumentException expectation = assertThrows(IllegalArgumentException.class,
                () -> two.start(new Lattice(4, 4, Domain.SPIN).spec(), context(1, 1)));
        assertTrue(expectation.getMessage().contains("one ladder"), expectation.getMessage());
    }

    /**
     * Rounds long enough to run the replicas on both threads (8 replicas of 256 spins for 20
     * sweeps between swaps; 8 dense machines of 40 units for 120) give the same bits as one thread.
     */
    @Test
    void resultsAreBitIdenticalForAnyThreadCount() {
        Lattice lattice = new Lattice(16, 16, Domain.SPIN);
        double[] theta = {0.44, 0.05};
        ParallelTempering pt = ParallelTempering.builder().temperatures(Ladder.geometric(1, 3, 8)).sweeps(300)
                .burnin(20).thin(2).swapEvery(20).build();
        FullyVisible dense = new FullyVisible(40, Domain.BINARY);
        double[] denseTheta = dense.parametersOf(RandomMachines.random(40, Domain.BINARY, 0.3, 0.5, 24));
        ParallelTempering densePt = ParallelTempering.builder().temperatures(Ladder.geometric(1, 3, 8)).sweeps(600)
                .burnin(0).swapEvery(120).build();
        RunContext two = context(7, 2);
        try {
            Samples a = pt.sample(lattice, theta, 100, context(7, 1));
            Samples b = pt.sample(lattice, theta, 100, two);
            assertArrayEquals(a.values(), b.values());
            assertEquals(a.diagnostics(), b.diagnostics());
            Samples c = densePt.sample(dense, denseTheta, 100, context(7, 1));
            Samples d = densePt.sample(dense, denseTheta, 100, two);
            assertArrayEquals(c.values(), d.values());
            assertEquals(c.diagnostics(), d.diagnostics());
            ParallelTempering.Measurement x = pt.measure(lattice, theta, context(7, 1));
            ParallelTempering.Measurement y = pt.measure(lattice, theta, two);
            for (String o : new String[] {"energy", "magnetization", "abs_magnetization"}) {
                assertArrayEquals(x.mean(o), y.mean(o));
                assertArrayEquals(x.standardError(o), y.standardError(o));
            }
            assertArrayEquals(x.swapRates(), y.swapRates());
        } finally {
            two.close();
        }
    }

    @Test
    void withoutTemperatureOneTheClosestIsSampledWithANote() {
        List<String> notes = new ArrayList<>();
        ProgressListener listener = new ProgressListener() {
            @Override
            public void note(String line) {
                notes.add(line);
            }
        };
        Lattice lattice = new Lattice(4, 4, Domain.SPIN);
        ParallelTempering pt = ParallelTempering.builder().temperatures(Ladder.geometric(1.5, 3.5, 4)).sweeps(100)
                .build();
        Samples s = pt.sample(lattice, new double[] {1, 0}, 10, new RunContext(1, Path.of(""), listener, 1));
        assertEquals(1.5, s.diagnostics().get("temperature"));
        assertEquals(1, notes.size());
        assertTrue(notes.get(0).contains("T = 1.5"), notes.get(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pt.start(lattice.spec(), context(1, 1)));
        assertTrue(e.getMessage().contains("temperature 1"), e.getMessage());
    }

    /**
     * As an expectation: the moments of a 12-spin ferromagnet with a weak field, where the
     * two modes have unequal weight, from 20 steps of 2000 sweeps on persistent replicas
     * (the moments of the last step). Standard error of a mean from 2000 correlated draws at
     * T = 1: at most 1 / sqrt(2000 / tau) with tau up to 20 sweeps, 0.1; the tolerance 0.1 on
     * moments whose exact values are around 0.5 and whose single-chain estimate (stuck in one
     * mode) errs by about 1 would catch a sampler that does not cross between modes.
     */
    @Test
    void asAnExpectationItGivesTheMomentsAtTemperatureOne() {
        int n = 12;
        PairwiseEnergy e = new PairwiseEnergy(n, Domain.SPIN);
        for (int k = 0; k < n; k++) {
            for (int l = k + 1; l < n; l++) {
                e.setPair(k, l, 0.35);
            }
            e.setBias(k, 0.01);
        }
        Enumeration.Moments exact = Enumeration.moments(e, null);
        ParallelTempering pt = ParallelTempering.builder().temperatures(Ladder.geometric(1, 6, 6)).sweeps(2000).burnin(200)
                .build();
        Expectation.Engine engine = pt.start(new FullyVisible(n, Domain.SPIN).spec(), context(8, 2));
        Enumeration.Moments m = null;
        for (int step = 0; step < 20; step++) {
            m = engine.moments(e);
        }
        for (int k = 0; k < n; k++) {
            assertEquals(exact.mean()[k], m.mean()[k], 0.1, "mean " + k);
            for (int l = k + 1; l < n; l++) {
                assertEquals(exact.second()[k * n + l], m.second()[k * n + l], 0.05, "pair " + k + "," + l);
            }
        }
        PairwiseEnergy v = RandomMachines.random(n, Domain.SPIN, 0.1, 0.1, 25);
        PairwiseEnergy sampled = new PairwiseEnergy(n, Domain.SPIN);
        PairwiseEnergy truth = new PairwiseEnergy(n, Domain.SPIN);
        engine.covarianceProduct(v, sampled);
        Enumeration.covarianceProduct(e, v, truth, null);
        for (int k = 0; k < n; k++) {
            assertEquals(truth.bias(k), sampled.bias(k), 0.2 * Math.abs(truth.bias(k)) + 0.05, "bias " + k);
        }
    }
}
