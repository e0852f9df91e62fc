package org.thermogen.runtime.mcmc;

import java.util.SplittableRandom;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.EnergyFunction;
import org.thermogen.runtime.model.VariableSpec;

/**
 * Single-site heat-bath sampling for any energy on binary or spin units, from two energy
 * evaluations per update: the fallback for energies that are not pairwise.
 */
public final class GenericGibbsChain implements SingleSiteChain {
    private final EnergyFunction f;
    private final double[] theta;
    private final double[] state;
    private final double[] low;
    private final SplittableRandom random;
    private long updates;
    private long flips;

    public GenericGibbsChain(EnergyFunction f, double[] theta, SplittableRandom random) {
        this.f = f;
        this.theta = theta;
        int n = f.spec().stateSize();
        this.state = new double[n];
        this.low = new double[n];
        this.random = random;
        for (VariableSpec v : f.spec().variables()) {
            if (v.domain() == Domain.REAL) {
                throw new IllegalArgumentException(f.spec().name() + " has real units: gibbs samples binary or spin units");
            }
            for (int i = 0; i < v.size(); i++) {
                low[v.offset() + i] = v.domain() == Domain.SPIN ? -1.0 : 0.0;
            }
        }
        for (int k = 0; k < n; k++) {
            state[k] = random.nextBoolean() ? 1.0 : low[k];
        }
    }

    public void sweep() {
        int changed = 0;
        for (int k = 0; k < state.length; k++) {
            double old = state[k];
            state[k] = 1.0;
            double eUp = f.energy(state, theta);
            state[k] = low[k];
            double eDown = f.energy(state, theta);
            double up = 1.0 / (1.0 + Math.exp(eUp - eDown));
            state[k] = random.nextDouble() < up ? 1.0 : low[k];
            if (state[k] != old) {
                changed++;
            }
        }
        updates += state.length;
        flips += changed;
    }

    public double[] state() {
        return state;
    }

    public double flipRate() {
        return updates == 0 ? 0 : (double) flips / updates;
    }
}
