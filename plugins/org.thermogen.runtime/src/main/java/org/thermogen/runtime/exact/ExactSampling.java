package org.thermogen.runtime.exact;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.model.Domain;

/**
 * Independent exact samples of a Boltzmann machine of at most 24 units, by inversion: n
 * sorted uniforms are matched against the cumulative probabilities of the states in
 * Gray-code order, so no table of 2^n probabilities is ever held.
 */
public final class ExactSampling {
    private ExactSampling() {
    }

    /**
     * {@code count} samples, row-major ({@code count x n}), in random order.
     *
     * @param random the only source of randomness: the same stream gives the same samples
     */
    public static double[] draw(PairwiseEnergy e, int count, SplittableRandom random) {
        int n = e.size();
        Enumeration.checkSize(n);
        double logZ = Enumeration.logPartition(e, null);
        double[] u = new double[count];
        for (int i = 0; i < count; i++) {
            u[i] = random.nextDouble();
        }
        Arrays.sort(u);
        boolean spin = e.domain() == Domain.SPIN;
        double[] w = e.couplings();
        double[] s = new double[n];
        Arrays.fill(s, spin ? -1.0 : 0.0);
        double[] f = new double[n];
        for (int k = 0; k < n; k++) {
            f[k] = e.localField(k, s);
        }
        double energy = e.energy(s);
        double[] out = new double[count * n];
        double cumulative = 0;
        int next = 0;
        long states = 1L << n;
        for (long step = 0; step < states && next < count; step++) {
            if (step > 0) {
                int k = Long.numberOfTrailingZeros(step);
                double old = s[k];
                double now = spin ? -old : 1.0 - old;
                double delta = now - old;
                energy -= delta * f[k];
                s[k] = now;
                int row = k * n;
                for (int l = 0; l < n; l++) {
                    f[l] += w[row + l] * delta;
                }
            }
            cumulative += Math.exp(-energy - logZ);
            while (next < count && u[next] < cumulative) {
                System.arraycopy(s, 0, out, next++ * n, n);
            }
        }
        // Rounding can leave the cumulative sum a hair below 1: the last state takes the rest.
        while (next < count) {
            System.arraycopy(s, 0, out, next++ * n, n);
        }
        shuffleRows(out, count, n, random);
        return out;
    }

    /** Fisher-Yates on rows, so samples are exchangeable rather than in state order. */
    static void shuffleRows(double[] rows, int count, int n, SplittableRandom random) {
        double[] tmp = new double[n];
        for (int i = count - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            if (j != i) {
                System.arraycopy(rows, i * n, tmp, 0, n);
                System.arraycopy(rows, j * n, rows, i * n, n);
                System.arraycopy(tmp, 0, rows, j * n, n);
            }
        }
    }
}
