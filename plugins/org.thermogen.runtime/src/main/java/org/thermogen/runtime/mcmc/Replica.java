package org.thermogen.runtime.mcmc;

import java.util.SplittableRandom;

/**
 * A single-site heat-bath chain that can run at any temperature of a ladder fixed when it
 * is built: at inverse temperature {@code beta} it samples {@code exp(-beta E(s))}, each
 * update drawing unit k up with probability {@code 1 / (1 + exp(-g beta f_k))}, where
 * {@code f_k} is the local field of the untempered energy and {@code g = 2} for spins,
 * {@code 1} for binary units. Replica exchange moves temperatures between chains rather
 * than states between temperatures, so a swap is a change of {@link #rung}: no state is
 * copied.
 */
abstract class Replica implements SingleSiteChain {
    /** Single-unit updates done, and how many of them changed the unit: the flip rate of every replica. */
    long updates;
    long flips;

    @Override
    public double flipRate() {
        return updates == 0 ? 0 : (double) flips / updates;
    }

    /** Moves the chain to the {@code r}-th temperature of its ladder. */
    abstract void rung(int r);

    /** {@code E(s)} of the untempered energy at the current state. */
    abstract double energy();

    /** The sum of the units' values (spins: up minus down; binary units: ones). */
    abstract double unitSum();

    /** The stream the chain draws from; a chain rebuilt under new parameters continues it. */
    abstract SplittableRandom random();

    /** {@code -g beta} for each inverse temperature: the factor of the local field in the exponent. */
    static double[] scales(double[] betas, boolean spin) {
        double gain = spin ? 2.0 : 1.0;
        double[] out = new double[betas.length];
        for (int r = 0; r < betas.length; r++) {
            // At beta = 1 this is exactly -gain, the factor GibbsChain uses.
            out[r] = -gain * betas[r];
        }
        return out;
    }
}
