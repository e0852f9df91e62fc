package org.thermogen.runtime.testmodels;

import java.util.SplittableRandom;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.model.Domain;

/** Random Boltzmann machines and brute-force sums over their states, the reference for tests. */
public final class RandomMachines {
    private RandomMachines() {
    }

    public static PairwiseEnergy random(int n, Domain domain, double couplingStd, double fieldStd, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        PairwiseEnergy e = new PairwiseEnergy(n, domain);
        for (int k = 0; k < n; k++) {
            for (int l = k + 1; l < n; l++) {
                e.setPair(k, l, couplingStd * r.nextGaussian());
            }
            e.setBias(k, fieldStd * r.nextGaussian());
        }
        e.setConstant(r.nextGaussian());
        return e;
    }

    /** The state with index {@code i}: bit k of i sets unit k. */
    public static double[] state(long i, int n, Domain domain) {
        double[] s = new double[n];
        for (int k = 0; k < n; k++) {
            s[k] = ((i >>> k) & 1) == 1 ? 1 : (domain == Domain.SPIN ? -1 : 0);
        }
        return s;
    }

    /** Index of a state (inverse of {@link #state}). */
    public static int index(double[] s, int offset, int n) {
        int i = 0;
        for (int k = 0; k < n; k++) {
            if (s[offset + k] == 1) {
                i |= 1 << k;
            }
        }
        return i;
    }

    /** Exact probabilities of all states, by direct summation. */
    public static double[] probabilities(PairwiseEnergy e) {
        int n = e.size();
        double[] p = new double[1 << n];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < p.length; i++) {
            p[i] = -e.energy(state(i, n, e.domain()));
            max = Math.max(max, p[i]);
        }
        double z = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(p[i] - max);
            z += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= z;
        }
        return p;
    }

    /** ln Z by direct summation with the largest term factored out. */
    public static double logPartition(PairwiseEnergy e) {
        int n = e.size();
        double max = Double.NEGATIVE_INFINITY;
        for (long i = 0; i < (1L << n); i++) {
            max = Math.max(max, -e.energy(state(i, n, e.domain())));
        }
        double z = 0;
        for (long i = 0; i < (1L << n); i++) {
            z += Math.exp(-e.energy(state(i, n, e.domain())) - max);
        }
        return max + Math.log(z);
    }
}
