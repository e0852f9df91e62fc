package org.thermogen.runtime.rbm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.thermogen.runtime.energy.BipartiteEnergy;
import org.thermogen.runtime.exact.ExactSampler;
import org.thermogen.runtime.mcmc.GibbsSampler;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.sample.Samples;
import org.thermogen.runtime.testmodels.BipartiteMachine;
import org.thermogen.runtime.testmodels.RandomMachines;

class BlockGibbsTest {

    private static RunContext context(long seed, int threads) {
        return new RunContext(seed, Path.of(""), ProgressListener.NONE, threads);
    }

    private static double totalVariation(Samples s, double[] p) {
        double[] counts = new double[p.length];
        double[] row = new double[s.dimension()];
        for (int r = 0; r < s.count(); r++) {
            System.arraycopy(s.values(), r * s.dimension(), row, 0, s.dimension());
            counts[RandomMachines.index(row, 0, s.dimension())]++;
        }
        double tv = 0;
        for (int i = 0; i < p.length; i++) {
            tv += 0.5 * Math.abs(counts[i] / s.count() - p[i]);
        }
        return tv;
    }

    /**
     * 8 chains, 200 000 recorded sweeps of a 6 x 4 machine. With 64 visible states the
     * empirical distribution of N effectively independent samples has expected total
     * variation about 0.4 sum_i sqrt(p_i / N) <= 0.4 * 8 / sqrt(N); block Gibbs on weights of
     * this size decorrelates within a few sweeps, so N is above 5e4 and the expectation below
     * 0.015 even in the worst, uniform case. A bound of 0.02 fails only if the chain samples
     * the wrong distribution (a wrong conditional moves TV by far more: dropping one layer's
     * bias here gives above 0.05).
     */
    @ParameterizedTest
    @CsvSource({"BINARY, BINARY", "SPIN, SPIN", "BINARY, SPIN"})
    void blockGibbsReachesTotalVariationBelowTwoHundredths(Domain visible, Domain hidden) {
        BipartiteMachine model = new BipartiteMachine(6, 4, visible, hidden);
        BipartiteEnergy e = BipartiteMachine.random(6, 4, visible, hidden, 0.7, 0.5, 8);
        e.setConstant(0);
        double[] p = BipartiteMachine.visibleProbabilities(e);
        Samples s = BlockGibbs.sample(model, e, 200_000, 8, 25_000, 100, 1, context(5, 1));
        double tv = totalVariation(s, p);
        assertTrue(tv < 0.02, "total variation " + tv);
    }

    /** Exact samples of the same kind of machine, both walk directions: the same bound, fewer samples needed. */
    @ParameterizedTest
    @CsvSource({"6, 4", "4, 7"})
    void exactSamplerDrawsFromTheExactDistribution(int nv, int nh) {
        BipartiteMachine model = new BipartiteMachine(nv, nh, Domain.BINARY, Domain.SPIN);
        BipartiteEnergy e = BipartiteMachine.random(nv, nh, Domain.BINARY, Domain.SPIN, 0.7, 0.5, 9);
        e.setConstant(0);
        Samples s = ExactSampler.builder().build().sample(model, model.parametersOf(e), 100_000, context(3, 1));
        // Independent samples: expected TV <= 0.4 * sqrt(2^nv / 1e5) <= 0.01.
        double tv = totalVariation(s, BipartiteMachine.visibleProbabilities(e));
        assertTrue(tv < 0.02, "total variation " + tv);
    }

    /**
     * Gaussian-Bernoulli: E[v_i] = sum_h p(h) y_i(h) / (2 a_i) exactly, p(h) from the
     * Gaussian integral over v. Visible variances are at most 1/(2 * 0.5) = 1 plus the spread
     * of the means (below 1 here), so the mean of 100 000 samples with an autocorrelation time
     * of a few sweeps has a standard error below 0.01: the tolerance 0.04 is four of them.
     * The exact sampler (independent draws) meets the same tolerance.
     */
    @Test
    void gaussianBernoulliMeansAreExact() {
        BipartiteMachine model = new BipartiteMachine(3, 3, Domain.REAL, Domain.BINARY);
        BipartiteEnergy e = BipartiteMachine.random(3, 3, Domain.REAL, Domain.BINARY, 0.6, 0.5, 10);
        e.setConstant(0);
        double[] exact = exactVisibleMeans(e);
        Samples gibbs = BlockGibbs.sample(model, e, 100_000, 4, 25_000, 100, 1, context(6, 1));
        Samples direct = ExactSampler.builder().build().sample(model, model.parametersOf(e), 100_000, context(6, 1));
        for (Samples s : new Samples[] {gibbs, direct}) {
            for (int i = 0; i < 3; i++) {
                double mean = 0;
                for (int r = 0; r < s.count(); r++) {
                    mean += s.get(r, i) / s.count();
                }
                assertEquals(exact[i], mean, 0.04, s.sampler() + " unit " + i);
            }
        }
    }

    private static double[] exactVisibleMeans(BipartiteEnergy e) {
        int nv = e.visibleSize();
        int nh = e.hiddenSize();
        double[] a = e.quadratics();
        double[] logW = new double[1 << nh];
        double[][] means = new double[1 << nh][nv];
        for (int k = 0; k < logW.length; k++) {
            double[] h = BipartiteMachine.state(k, nh, e.hiddenDomain());
            double lw = 0;
            for (int j = 0; j < nh; j++) {
                lw += e.hidden(j) * h[j];
            }
            for (int i = 0; i < nv; i++) {
                double y = e.visibleField(i, h);
                lw += 0.5 * Math.log(Math.PI / a[i]) + y * y / (4 * a[i]);
                means[k][i] = y / (2 * a[i]);
            }
            logW[k] = lw;
        }
        double logZ = BipartiteMachine.logSumExp(logW);
        double[] out = new double[nv];
        for (int k = 0; k < logW.length; k++) {
            for (int i = 0; i < nv; i++) {
                out[i] += Math.exp(logW[k] - logZ) * means[k][i];
            }
        }
        return out;
    }

    @Test
    void samplesDoNotDependOnTheThreadCountAndFollowTheGibbsSamplerCounts() {
        BipartiteMachine model = new BipartiteMachine(5, 3, Domain.SPIN, Domain.BINARY);
        BipartiteEnergy e = BipartiteMachine.random(5, 3, Domain.SPIN, Domain.BINARY, 0.7, 0.5, 8);
        Samples one = BlockGibbs.sample(model, e, 103, 10, 40, 5, 2, context(7, 1));
        Samples two = BlockGibbs.sample(model, e, 103, 10, 40, 5, 2, context(7, 2));
        assertEquals(103, one.count());
        assertEquals(5, one.dimension());
        assertArrayEquals(one.values(), two.values());
        assertEquals("gibbs(chains 10, sweeps 40, burnin 5, thin 2)", one.sampler());
        assertTrue(one.diagnostics().get("flip_rate") > 0);
        Samples other = BlockGibbs.sample(model, e, 103, 10, 40, 5, 2, context(8, 1));
        assertTrue(!java.util.Arrays.equals(one.values(), other.values()), "another seed, other samples");
        // `sample with gibbs(...)` on an RBM is block Gibbs with the same settings.
        GibbsSampler gibbs = GibbsSampler.builder().chains(10).sweeps(40).burnin(5).thin(2).build();
        Samples viaSampler = gibbs.sample(model, model.parametersOf(e), 103, context(7, 2));
        assertArrayEquals(one.values(), viaSampler.values());
    }

    /** Chains run in ranges anywhere (a cluster's tasks: 0-2, 3-3, 4-9) give the samples of one machine to the bit. */
    @Test
    void chainsRunInAnyRangesGiveTheSameSamples() {
        BipartiteMachine model = new BipartiteMachine(5, 3, Domain.BINARY, Domain.BINARY);
        BipartiteEnergy e = BipartiteMachine.random(5, 3, Domain.BINARY, Domain.BINARY, 0.7, 0.5, 8);
        Samples here = BlockGibbs.sample(model, e, 103, 10, 40, 5, 2, context(7, 2));
        BlockGibbs.Runner elsewhere = plan -> new BlockGibbs.Run[] {BlockGibbs.run(plan, 4, 10), BlockGibbs.run(plan, 0, 3),
            BlockGibbs.run(plan, 3, 4)};
        Samples there = BlockGibbs.sample(model, e, 103, 10, 40, 5, 2, elsewhere, context(7, 1));
        assertArrayEquals(here.values(), there.values());
        assertEquals(here.diagnostics(), there.diagnostics());
    }

    @Test
    void refusesRealVisiblesWithoutAPositiveQuadraticTermAndEnergiesThatDoNotFit() {
        BipartiteMachine model = new BipartiteMachine(3, 2, Domain.REAL, Domain.BINARY);
        BipartiteEnergy e = BipartiteMachine.random(3, 2, Domain.REAL, Domain.BINARY, 0.6, 0.5, 10);
        e.setQuadratic(2, -0.5);
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                () -> BlockGibbs.sample(model, e, 10, 2, 10, 0, 1, context(1, 1)));
        assertTrue(x.getMessage().contains("visible unit v[2]") && x.getMessage().contains("a > 0"), x.getMessage());
        BipartiteEnergy wrong = new BipartiteEnergy(4, 2, Domain.REAL, Domain.BINARY);
        assertThrows(IllegalArgumentException.class, () -> BlockGibbs.sample(model, wrong, 10, 2, 10, 0, 1, context(1, 1)));
    }
}
