package org.thermogen.runtime.mcmc;

import java.util.SplittableRandom;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.model.Domain;

/**
 * One single-site heat-bath chain on a Boltzmann machine: each update draws unit k from
 * its conditional given the rest, {@code P(s_k = +1) = 1 / (1 + exp(-2 f_k))} for spins and
 * {@code P(s_k = 1) = 1 / (1 + exp(-f_k))} for binary units, with the local field
 * {@code f_k = b_k + sum_l W_kl s_l} kept up to date by one row of {@code W} whenever a unit
 * changes. A sweep updates every unit once, in order, and allocates nothing.
 */
public final class GibbsChain implements SingleSiteChain {
    private PairwiseEnergy energy;
    private final int n;
    private final boolean spin;
    private final double[] state;
    private final double[] field;
    private final SplittableRandom random;
    private long updates;
    private long flips;

    /** A chain from a uniformly random state. */
    public GibbsChain(PairwiseEnergy energy, SplittableRandom random) {
        this.energy = energy;
        this.n = energy.size();
        this.spin = energy.domain() == Domain.SPIN;
        this.state = new double[n];
        this.field = new double[n];
        this.random = random;
        for (int k = 0; k < n; k++) {
            state[k] = random.nextBoolean() ? 1.0 : (spin ? -1.0 : 0.0);
        }
        refresh();
    }

    /**
     * Continues the chain under new parameters (persistent chains in training): keeps the
     * state and recomputes the local fields.
     */
    public void retarget(PairwiseEnergy newEnergy) {
        if (newEnergy.size() != n || newEnergy.domain() != energy.domain()) {
            throw new IllegalArgumentException("a chain keeps its units and their domain");
        }
        this.energy = newEnergy;
        refresh();
    }

    /** Recomputes the local fields, after the energy's parameters changed (persistent chains). */
    public void refresh() {
        for (int k = 0; k < n; k++) {
            field[k] = energy.localField(k, state);
        }
    }

    /** One pass over all units. */
    public void sweep() {
        double[] w = energy.couplings();
        double[] s = state;
        double[] f = field;
        double low = spin ? -1.0 : 0.0;
        double gain = spin ? 2.0 : 1.0;
        int changed = 0;
        for (int k = 0; k < n; k++) {
            double up = 1.0 / (1.0 + Math.exp(-gain * f[k]));
            double now = random.nextDouble() < up ? 1.0 : low;
            double delta = now - s[k];
            if (delta != 0.0) {
                s[k] = now;
                changed++;
                int row = k * n;
                for (int l = 0; l < n; l++) {
                    f[l] += w[row + l] * delta;
                }
            }
        }
        updates += n;
        flips += changed;
    }

    /** The current state. Live: copy it to keep it. */
    public double[] state() {
        return state;
    }

    /** Fraction of updates that changed their unit so far. */
    public double flipRate() {
        return updates == 0 ? 0 : (double) flips / updates;
    }
}
