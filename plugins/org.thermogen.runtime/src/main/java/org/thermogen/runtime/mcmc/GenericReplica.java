package org.thermogen.runtime.mcmc;

import java.util.SplittableRandom;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.EnergyFunction;
import org.thermogen.runtime.model.VariableSpec;

/**
 * Single-site heat bath for any energy on binary or spin units at a temperature of a
 * ladder, from two energy evaluations per update: {@code P(up) = 1 / (1 + exp(beta (E_up -
 * E_down)))}. At {@code beta = 1} it makes the same draws as {@link GenericGibbsChain}.
 */
final class GenericReplica extends Replica {
    private final EnergyFunction f;
    private final double[] theta;
    private final double[] state;
    private final double[] low;
    private final double[] betas;
    private final SplittableRandom random;
    private double beta;

    GenericReplica(EnergyFunction f, double[] theta, double[] betas, SplittableRandom random, double[] start) {
        this.f = f;
        this.theta = theta;
        int n = f.spec().stateSize();
        this.state = new double[n];
        this.low = new double[n];
        this.betas = betas.clone();
        this.beta = betas[0];
        this.random = random;
        for (VariableSpec v : f.spec().variables()) {
            if (v.domain() == Domain.REAL) {
                throw new IllegalArgumentException(f.spec().name() + " has real units: single-site sampling needs binary"
                        + " or spin units");
            }
            for (int i = 0; i < v.size(); i++) {
                low[v.offset() + i] = v.domain() == Domain.SPIN ? -1.0 : 0.0;
            }
        }
        for (int k = 0; k < n; k++) {
            state[k] = start != null ? start[k] : random.nextBoolean() ? 1.0 : low[k];
        }
    }

    @Override
    public void sweep() {
        int changed = 0;
        for (int k = 0; k < state.length; k++) {
            double old = state[k];
            state[k] = 1.0;
            double eUp = f.energy(state, theta);
            state[k] = low[k];
            double eDown = f.energy(state, theta);
            double up = 1.0 / (1.0 + Math.exp(beta * (eUp - eDown)));
            state[k] = random.nextDouble() < up ? 1.0 : low[k];
            if (state[k] != old) {
                changed++;
            }
        }
        updates += state.length;
        flips += changed;
    }

    @Override
    public double[] state() {
        return state;
    }

    @Override
    void rung(int r) {
        beta = betas[r];
    }

    @Override
    double energy() {
        return f.energy(state, theta);
    }

    @Override
    double unitSum() {
        double sum = 0;
        for (double v : state) {
            sum += v;
        }
        return sum;
    }

    @Override
    SplittableRandom random() {
        return random;
    }
}
