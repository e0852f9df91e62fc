package org.thermogen.runtime.mcmc;

import java.util.SplittableRandom;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.model.Domain;

/**
 * {@link GibbsChain}'s dense heat bath as a {@link Replica}: it can start from a given state
 * and run at the temperatures of a ladder. Its arithmetic is GibbsChain's (fields from
 * {@link PairwiseEnergy#localField}, updated by a whole row of {@code W} per change, the
 * factor {@code -g beta} equal to {@code -g} at temperature 1), so from the same state and
 * stream at temperature 1 the two are bit-identical.
 */
final class DenseChain extends Replica {
    private final PairwiseEnergy energy;
    private final int n;
    private final double low;
    private final double[] state;
    private final double[] field;
    private final double[] scales;
    private final SplittableRandom random;
    private double scale;
    private long updates;
    private long flips;

    /**
     * @param energy read, never written; the caller keeps it unchanged while the chain runs
     * @param betas  the inverse temperatures the chain may run at; it starts at the first
     * @param start  the initial state, or null for a uniformly random one drawn from {@code random}
     */
    DenseChain(PairwiseEnergy energy, double[] betas, SplittableRandom random, double[] start) {
        this.energy = energy;
        this.n = energy.size();
        boolean spin = energy.domain() == Domain.SPIN;
        this.low = spin ? -1.0 : 0.0;
        this.state = new double[n];
        this.field = new double[n];
        this.scales = Replica.scales(betas, spin);
        this.scale = scales[0];
        this.random = random;
        for (int k = 0; k < n; k++) {
            state[k] = start != null ? start[k] : random.nextBoolean() ? 1.0 : low;
        }
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
    public double[] state() {
        return state;
    }

    @Override
    public double flipRate() {
        return updates == 0 ? 0 : (double) flips / updates;
    }

    @Override
    void rung(int r) {
        scale = scales[r];
    }

    @Override
    double energy() {
        return energy.energy(state);
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
