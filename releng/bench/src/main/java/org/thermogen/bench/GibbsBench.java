package org.thermogen.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.mcmc.GibbsChain;
import org.thermogen.runtime.model.Domain;

/**
 * Single-site heat-bath Gibbs on a dense machine: one operation is one sweep (n updates).
 * The reference recomputes each local field from scratch (a 64-term dot product per
 * update) instead of keeping the fields current.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class GibbsBench {
    @Param({"64"})
    public int units;

    private GibbsChain chain;
    private PairwiseEnergy energy;
    private double[] state;
    private SplittableRandom random;

    @Setup
    public void setUp() {
        SplittableRandom r = new SplittableRandom(2);
        energy = new PairwiseEnergy(units, Domain.SPIN);
        for (int k = 0; k < units; k++) {
            for (int l = k + 1; l < units; l++) {
                energy.setPair(k, l, r.nextGaussian() / Math.sqrt(units));
            }
            energy.setBias(k, 0.1 * r.nextGaussian());
        }
        chain = new GibbsChain(energy, new SplittableRandom(3));
        state = new double[units];
        for (int k = 0; k < units; k++) {
            state[k] = r.nextBoolean() ? 1 : -1;
        }
        random = new SplittableRandom(4);
    }

    @Benchmark
    public double sweep() {
        chain.sweep();
        return chain.state()[0];
    }

    @Benchmark
    public double referenceFieldFromScratch() {
        double[] w = energy.couplings();
        double[] b = energy.biases();
        int n = units;
        for (int k = 0; k < n; k++) {
            double f = b[k];
            int row = k * n;
            for (int l = 0; l < n; l++) {
                f += w[row + l] * state[l];
            }
            state[k] = random.nextDouble() < 1.0 / (1.0 + Math.exp(-2 * f)) ? 1 : -1;
        }
        return state[0];
    }
}
