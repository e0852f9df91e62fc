package org.thermogen.runtime.mcmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.sample.Samples;
import org.thermogen.runtime.testmodels.FullyVisible;
import org.thermogen.runtime.testmodels.RandomMachines;

class GibbsTest {

    /**
     * 8 chains of 100 000 sweeps on 10 spins (8e6 updates). With 1024 states the empirical
     * distribution of N effectively independent samples has expected total variation about
     * 0.4 * sum_i sqrt(p_i / N) <= 0.4 * 32 / sqrt(N); for N around 2e5 (correlation halves
     * the 8e5 draws) that is below 0.03 in the worst, uniform case and about 0.01 here, so a
     * bound of 0.02 fails only if the chain samples the wrong distribution.
     */
    @Test
    void gibbsReachesTotalVariationBelowTwoHundredthsOfTheExactDistribution() {
        int n = 10;
        PairwiseEnergy e = RandomMachines.random(n, Domain.SPIN, 0.3, 0.2, 21);
        double[] p = RandomMachines.probabilities(e);
        double[] counts = new double[p.length];
        SplittableRandom root = new SplittableRandom(2024);
        long total = 0;
        for (int c = 0; c < 8; c++) {
            GibbsChain chain = new GibbsChain(e, root.split());
            for (int i = 0; i < 100; i++) {
                chain.sweep();
            }
            for (int i = 0; i < 100_000; i++) {
                chain.sweep();
                counts[RandomMachines.index(chain.state(), 0, n)]++;
                total++;
            }
        }
        double tv = 0;
        for (int i = 0; i < p.length; i++) {
            tv += 0.5 * Math.abs(counts[i] / total - p[i]);
        }
        assertTrue(tv < 0.02, "total variation " + tv);
    }

    @Test
    void binaryUnitsToo() {
        int n = 8;
        PairwiseEnergy e = RandomMachines.random(n, Domain.BINARY, 0.8, 0.5, 22);
        double[] p = RandomMachines.probabilities(e);
        double[] counts = new double[p.length];
        GibbsChain chain = new GibbsChain(e, new SplittableRandom(3));
        int sweeps = 400_000;
        for (int i = 0; i < sweeps; i++) {
            chain.sweep();
            counts[RandomMachines.index(chain.state(), 0, n)]++;
        }
        double tv = 0;
        for (int i = 0; i < p.length; i++) {
            tv += 0.5 * Math.abs(counts[i] / sweeps - p[i]);
        }
        assertTrue(tv < 0.02, "total variation " + tv);
    }

    @Test
    void theSamplerIsDeterministicAndIndependentOfTheThreadCount() {
        FullyVisible model = new FullyVisible(6, Domain.SPIN);
        double[] theta = model.parametersOf(RandomMachines.random(6, Domain.SPIN, 0.5, 0.2, 1));
        GibbsSampler sampler = GibbsSampler.builder().chains(3).sweeps(50).burnin(10).build();
        Samples one = sampler.sample(model, theta, 100, new RunContext(7, Path.of(""), ProgressListener.NONE, 1));
        Samples two = sampler.sample(model, theta, 100, new RunContext(7, Path.of(""), ProgressListener.NONE, 2));
        assertEquals(100, one.count());
        assertEquals(6, one.dimension());
        assertArrayEquals(one.values(), two.values());
        assertEquals(sampler.describe(), "gibbs(chains 3, sweeps 50, burnin 10, thin 1)");
        assertEquals(150, sampler.defaultCount());
    }

    @Test
    void theGenericChainSamplesTheSameDistribution() {
        int n = 6;
        FullyVisible model = new FullyVisible(n, Domain.SPIN);
        PairwiseEnergy e = RandomMachines.random(n, Domain.SPIN, 0.5, 0.3, 8);
        e.setConstant(0);
        double[] p = RandomMachines.probabilities(e);
        GenericGibbsChain chain = new GenericGibbsChain(model, model.parametersOf(e), new SplittableRandom(9));
        double[] counts = new double[p.length];
        int sweeps = 200_000;
        for (int i = 0; i < sweeps; i++) {
            chain.sweep();
            counts[RandomMachines.index(chain.state(), 0, n)]++;
        }
        double tv = 0;
        for (int i = 0; i < p.length; i++) {
            tv += 0.5 * Math.abs(counts[i] / sweeps - p[i]);
        }
        assertTrue(tv < 0.02, "total variation " + tv);
    }
}
