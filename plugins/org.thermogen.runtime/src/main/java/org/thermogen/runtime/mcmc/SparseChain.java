package org.thermogen.runtime.mcmc;

import java.util.SplittableRandom;

/**
 * Single-site heat bath on a Boltzmann machine through its neighbour lists: the local
 * fields are kept current, and a changed unit updates only its neighbours' fields. The
 * arithmetic is that of {@link GibbsChain} with the zero couplings skipped (adding
 * {@code 0 * delta} changes no field), so at temperature 1 and from the same state and
 * stream the two chains are bit-identical; this one costs {@code O(degree)} per change
 * instead of {@code O(n)}. Units are visited in index order.
 */
final class SparseChain extends HeatBathReplica {
    private final SparseCouplings couplings;
    private final int[] start;
    private final int[] neighbour;
    private final double[] weight;

    /**
     * @param betas  the inverse temperatures the chain may run at; it starts at the first
     * @param start  the initial state, or null for a uniformly random one drawn from {@code random}
     */
    SparseChain(SparseCouplings couplings, double[] betas, SplittableRandom random, double[] start) {
        super(couplings.size(), couplings.domain(), betas, random, start);
        this.couplings = couplings;
        this.start = couplings.starts();
        this.neighbour = couplings.neighbours();
        this.weight = couplings.weights();
        double[] b = couplings.biases();
        for (int k = 0; k < n; k++) {
            double f = b[k];
            for (int j = this.start[k]; j < this.start[k + 1]; j++) {
                f += weight[j] * state[neighbour[j]];
            }
            field[k] = f;
        }
    }

    @Override
    public void sweep() {
        double[] s = state;
        double[] f = field;
        double[] w = weight;
        int[] nb = neighbour;
        int[] st = start;
        double c = scale;
        int changed = 0;
        for (int k = 0; k < n; k++) {
            double up = 1.0 / (1.0 + Math.exp(c * f[k]));
            double now = random.nextDouble() < up ? 1.0 : low;
            double delta = now - s[k];
            if (delta != 0.0) {
                s[k] = now;
                changed++;
                for (int j = st[k]; j < st[k + 1]; j++) {
                    f[nb[j]] += w[j] * delta;
                }
            }
        }
        updates += n;
        flips += changed;
    }

    @Override
    double energy() {
        return couplings.energy(state);
    }
}
