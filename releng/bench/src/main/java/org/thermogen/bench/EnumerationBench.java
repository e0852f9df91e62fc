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
import org.openjdk.jmh.annotations.TearDown;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.exact.Enumeration;
import org.thermogen.runtime.model.Domain;

/**
 * Exact enumeration of a dense spin machine: Gray-code log Z on one thread and on all
 * cores, and the moments, against a reference that recomputes each state's energy from
 * scratch. One operation visits all 2^n states.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EnumerationBench {
    @Param({"20"})
    public int units;

    private PairwiseEnergy energy;
    private java.util.concurrent.ForkJoinPool pool;

    @Setup
    public void setUp() {
        SplittableRandom r = new SplittableRandom(1);
        energy = new PairwiseEnergy(units, Domain.SPIN);
        for (int k = 0; k < units; k++) {
            for (int l = k + 1; l < units; l++) {
                energy.setPair(k, l, 0.2 * r.nextGaussian());
            }
            energy.setBias(k, 0.1 * r.nextGaussian());
        }
        pool = new java.util.concurrent.ForkJoinPool(Runtime.getRuntime().availableProcessors());
    }

    @TearDown
    public void tearDown() {
        pool.shutdown();
    }

    @Benchmark
    public double logPartitionOneThread() {
        return Enumeration.logPartition(energy, null);
    }

    @Benchmark
    public double logPartitionAllCores() {
        return Enumeration.logPartition(energy, pool);
    }

    @Benchmark
    public double momentsAllCores() {
        return Enumeration.moments(energy, pool).logPartition();
    }

    /** The reference: every state's energy computed in full, O(n^2) per state. */
    @Benchmark
    public double referenceFullEnergyPerState() {
        int n = units;
        double[] s = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        double z = 0;
        for (long i = 0; i < (1L << n); i++) {
            for (int k = 0; k < n; k++) {
                s[k] = ((i >>> k) & 1) == 1 ? 1 : -1;
            }
            double e = -energy.energy(s);
            if (e > max) {
                z *= Math.exp(max - e);
                max = e;
            }
            z += Math.exp(e - max);
        }
        return max + Math.log(z);
    }
}
