package org.thermogen.runtime.mcmc;

import java.util.SplittableRandom;
import org.thermogen.runtime.energy.PairwiseEnergy;

/**
 * {@link GibbsChain}'s dense heat bath as a {@link Replica}: it can start from a given state
 * and run at the temperatures of a ladder. Its arithmetic is GibbsChain's (fields from
 * {@link PairwiseEnergy#localField}, updated by a whole row of {@code W} per change, the
 * factor {@code -g beta} equal to {@code -g} at temperature 1), so from the same state and
 * stream at temperature 1 the two are bit-identical.
 */
final class DenseChain extends HeatBathReplica {
    private final PairwiseEnergy energy;

    /**
     * @param energy read, never written; the caller keeps it unchanged while the chain runs
     * @param betas  the inverse temperatures the chain may run at; it starts at the first
     * @param start  the initial state, or null for a uniformly random one drawn from {@code random}
     */
    DenseChain(PairwiseEnergy energy, double[] betas, SplittableRandom random, double[] start) {
        super(energy.size(), energy.domain(), betas, random, start);
        this.energy = energy;
        for (int k = 0; k < n; k++) {
            field[k] = energy.localField(k, state);
        }
    }

    @Override
    public void sweep() {
        double[] w = energy.couplings();
        double[] s = state;
        double[] f = field;
        double c = scale;
        int changed = 0;
        for (int k = 0; k < n; k++) {
            double up = 1.0 / (1.0 + Math.exp(c * f[k]));
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

    @Override
    double energy() {
        return energy.energy(state);
    }
}
