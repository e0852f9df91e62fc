package org.thermogen.runtime.mcmc;

import java.util.SplittableRandom;
import org.thermogen.runtime.model.Domain;

/**
 * What the dense and the sparse heat bath share: the state and its local fields, the
 * factor {@code -g beta} of each rung of the ladder and the random stream (the counts of
 * updates and changes are every {@link Replica}'s). Subclasses hold the couplings, fill the
 * fields and sweep.
 */
abstract class HeatBathReplica extends Replica {
    final int n;
    /** The lower value of a unit: -1 for spins, 0 for binary units. */
    final double low;
    final double[] state;
    final double[] field;
    private final double[] scales;
    final SplittableRandom random;
    /** The factor of the current rung. */
    double scale;

    /**
     * @param betas the inverse temperatures the chain may run at; it starts at the first
     * @param start the initial state, or null for a uniformly random one drawn from {@code random}
     */
    HeatBathReplica(int n, Domain domain, double[] betas, SplittableRandom random, double[] start) {
        this.n = n;
        boolean spin = domain == Domain.SPIN;
        this.low = spin ? -1.0 : 0.0;
        this.state = new double[n];
        this.field = new double[n];
        this.scales = Replica.scales(betas, spin);
        this.scale = scales[0];
        this.random = random;
        for (int k = 0; k < n; k++) {
            state[k] = start != null ? start[k] : random.nextBoolean() ? 1.0 : low;
        }
    }

    @Override
    public double[] state() {
        return state;
    }

    @Override
    void rung(int r) {
        scale = scales[r];
    }

    @Override
    double unitSum() {
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += state[k];
        }
        return sum;
    }

    @Override
    SplittableRandom random() {
        return random;
    }
}
