package org.thermogen.runtime.rbm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.thermogen.runtime.energy.BipartiteEnergy;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.testmodels.BipartiteMachine;

/** Free energy, conditionals, pseudo-likelihood and reconstruction error against brute-force sums. */
class RbmMetricsTest {

    private static double[] rows(BipartiteEnergy e, int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int nv = e.visibleSize();
        double[] rows = new double[count * nv];
        for (int k = 0; k < rows.length; k++) {
            rows[k] = switch (e.visibleDomain()) {
                case BINARY -> r.nextBoolean() ? 1 : 0;
                case SPIN -> r.nextBoolean() ? 1 : -1;
                case REAL -> r.nextGaussian();
            };
        }
        return rows;
    }

    private static double[] row(double[] rows, int r, int nv) {
        double[] v = new double[nv];
        System.arraycopy(rows, r * nv, v, 0, nv);
        return v;
    }

    @ParameterizedTest
    @CsvSource({"BINARY, BINARY", "SPIN, SPIN", "BINARY, SPIN", "SPIN, BINARY", "REAL, BINARY", "REAL, SPIN"})
    void freeEnergyIsMinusTheLogOfTheSumOverHiddenStates(Domain visible, Domain hidden) {
        BipartiteEnergy e = BipartiteMachine.random(6, 5, visible, hidden, 0.9, 0.5, 3);
        double[] rows = rows(e, 40, 4);
        double mean = 0;
        for (int r = 0; r < 40; r++) {
            double[] v = row(rows, r, 6);
            double brute = BipartiteMachine.freeEnergy(e, v);
            assertEquals(brute, e.freeEnergy(v), 1e-12 * Math.max(1, Math.abs(brute)));
            mean += brute / 40;
        }
        assertEquals(mean, RbmMetrics.meanFreeEnergy(e, rows, 40, null), 1e-12 * Math.max(1, Math.abs(mean)));
    }

    /** Hidden means against P(h_j = up | v) summed over all hidden states; visible means by the notes' (4.6). */
    @ParameterizedTest
    @CsvSource({"BINARY, BINARY", "SPIN, SPIN", "REAL, BINARY"})
    void conditionalMeansMatchSumsOverStates(Domain visible, Domain hidden) {
        BipartiteEnergy e = BipartiteMachine.random(5, 4, visible, hidden, 0.9, 0.5, 11);
        int count = 7;
        double[] rows = rows(e, count, 12);
        Weights w = new Weights(e);
        double[][] v = new double[count][];
        for (int r = 0; r < count; r++) {
            v[r] = row(rows, r, 5);
        }
        double[][] x = new double[count][4];
        double[][] hm = new double[count][4];
        Layers.product(v, count, w.w, e.hiddenBiases(), x);
        Layers.means(hidden, x, count, null, hm);
        double low = hidden == Domain.SPIN ? -1 : 0;
        for (int r = 0; r < count; r++) {
            for (int j = 0; j < 4; j++) {
                double up = BipartiteMachine.hiddenUpProbability(e, row(rows, r, 5), j);
                assertEquals(up + (1 - up) * low, hm[r][j], 1e-12);
            }
        }
        // Visible side: for a fixed h, E[v_i | h] = sum_v v_i exp(-E(v, h)) / sum_v exp(-E(v, h)).
        double[][] h = new double[1][4];
        for (int j = 0; j < 4; j++) {
            h[0][j] = j % 2 == 0 ? 1 : low;
        }
        double[][] y = new double[1][5];
        double[][] vm = new double[1][5];
        Layers.product(h, 1, w.wt, e.visibleBiases(), y);
        Layers.means(visible, y, 1, e.quadratics(), vm);
        for (int i = 0; i < 5; i++) {
            assertEquals(visibleMean(e, h[0], i), vm[0][i], 1e-9);
        }
    }

    /** Brute force over v_i alone: the conditional of one visible unit given h, by summation or quadrature. */
    private static double visibleMean(BipartiteEnergy e, double[] h, int i) {
        double[] v = new double[e.visibleSize()];
        if (e.visibleDomain() != Domain.REAL) {
            double lo = e.visibleDomain() == Domain.SPIN ? -1 : 0;
            v[i] = 1;
            double w1 = Math.exp(-e.energy(v, h));
            v[i] = lo;
            double w0 = Math.exp(-e.energy(v, h));
            return (w1 + lo * w0) / (w1 + w0);
        }
        // Trapezoid rule on [-15, 15]: a Gaussian of deviation below 1, error far below 1e-9.
        double num = 0;
        double den = 0;
        for (int k = 0; k <= 30000; k++) {
            v[i] = -15 + k * 1e-3;
            double w = Math.exp(-e.energy(v, h));
            num += v[i] * w;
            den += w;
        }
        return num / den;
    }

    /**
     * ln q(v_i | v_-i) = ln q(v) - ln(q(v) + q(v^i)) with q(v) proportional to exp(-F(v)).
     * Here F comes from {@link BipartiteEnergy#freeEnergy}, itself checked against the sum over
     * hidden states above (the next test uses that sum directly). Machines with weights up to
     * about 150 and fields in the hundreds go beyond the range of the kernel's products, so its
     * term-by-term fallback is tested too.
     */
    @ParameterizedTest
    @CsvSource({"BINARY, BINARY, 0.9", "SPIN, SPIN, 0.9", "BINARY, SPIN, 0.9", "SPIN, BINARY, 0.9",
            "BINARY, BINARY, 60", "SPIN, SPIN, 60", "BINARY, SPIN, 60", "SPIN, BINARY, 60"})
    void pseudoLikelihoodEqualsConditionalsFromFreeEnergies(Domain visible, Domain hidden, double std) {
        // 40 hidden units: two full groups of 16 in the kernel and a partial one.
        BipartiteEnergy e = BipartiteMachine.random(9, 40, visible, hidden, std, 0.5, 13);
        double[] rows = rows(e, 30, 14);
        double reference = reference(e, rows, 30, false);
        double fast = RbmMetrics.pseudoLogLikelihood(e, rows, 30, null);
        assertEquals(reference, fast, 1e-11 * Math.max(1, Math.abs(reference)));
        ForkJoinPool pool = new ForkJoinPool(2);
        try {
            assertEquals(fast, RbmMetrics.pseudoLogLikelihood(e, rows, 30, pool));
        } finally {
            pool.shutdown();
        }
    }

    /** The same with F summed over all 2^17 hidden states (17: more than one group of 16). */
    @Test
    void pseudoLikelihoodEqualsBruteForceConditionals() {
        BipartiteEnergy e = BipartiteMachine.random(6, 17, Domain.BINARY, Domain.SPIN, 0.9, 0.5, 15);
        double[] rows = rows(e, 3, 16);
        double brute = reference(e, rows, 3, true);
        assertEquals(brute, RbmMetrics.pseudoLogLikelihood(e, rows, 3, null), 1e-11 * Math.max(1, Math.abs(brute)));
    }

    private static double reference(BipartiteEnergy e, double[] rows, int count, boolean bruteForce) {
        int nv = e.visibleSize();
        double total = 0;
        for (int r = 0; r < count; r++) {
            double[] v = row(rows, r, nv);
            double f = bruteForce ? BipartiteMachine.freeEnergy(e, v) : e.freeEnergy(v);
            for (int i = 0; i < nv; i++) {
                double[] flipped = v.clone();
                flipped[i] = e.visibleDomain() == Domain.SPIN ? -v[i] : 1 - v[i];
                double g = bruteForce ? BipartiteMachine.freeEnergy(e, flipped) : e.freeEnergy(flipped);
                total += (-f - BipartiteMachine.logSumExp(new double[] {-f, -g})) / count;
            }
        }
        return total;
    }

    @Test
    void pseudoLikelihoodRefusesRealVisibles() {
        BipartiteEnergy e = BipartiteMachine.random(3, 2, Domain.REAL, Domain.BINARY, 0.5, 0.5, 1);
        assertThrows(IllegalArgumentException.class, () -> RbmMetrics.pseudoLogLikelihood(e, new double[3], 1, null));
    }

    /** Mean-field reconstruction from brute-force hidden means and the visible means of (4.6). */
    @ParameterizedTest
    @CsvSource({"BINARY, BINARY", "SPIN, SPIN", "REAL, BINARY"})
    void reconstructionErrorEqualsBruteForceMeanField(Domain visible, Domain hidden) {
        int nv = 5;
        int nh = 4;
        BipartiteEnergy e = BipartiteMachine.random(nv, nh, visible, hidden, 0.9, 0.5, 21);
        int count = 9;
        double[] rows = rows(e, count, 22);
        double low = hidden == Domain.SPIN ? -1 : 0;
        double brute = 0;
        for (int r = 0; r < count; r++) {
            double[] v = row(rows, r, nv);
            double[] hm = new double[nh];
            for (int j = 0; j < nh; j++) {
                double up = BipartiteMachine.hiddenUpProbability(e, v, j);
                hm[j] = up + (1 - up) * low;
            }
            for (int i = 0; i < nv; i++) {
                double y = e.visibleField(i, hm);
                double mean = switch (visible) {
                    case BINARY -> 1 / (1 + Math.exp(-y));
                    case SPIN -> Math.tanh(y);
                    case REAL -> y / (2 * e.quadratics()[i]);
                };
                brute += (v[i] - mean) * (v[i] - mean) / (count * nv);
            }
        }
        assertEquals(brute, RbmMetrics.reconstructionError(e, rows, count, null), 1e-12);
    }
}
