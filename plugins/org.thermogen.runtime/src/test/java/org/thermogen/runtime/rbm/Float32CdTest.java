package org.thermogen.runtime.rbm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.compute.Precision;
import org.thermogen.runtime.energy.BipartiteEnergy;
import org.thermogen.runtime.model.Domain;

/**
 * The float32 mini-batch step against the float64 one it replaces for binary units: from the
 * same parameters, rows and batch seed, the same draws (a draw could differ only where a
 * uniform falls between a mean and its float32 rounding, about once in ten million) and the
 * same gradient within float32 rounding; and any split of a batch's rows gives its sums. Sizes not a multiple of any vector length, so every
 * kernel runs its partial vectors.
 */
class Float32CdTest {
    private static final int NV = 13;
    private static final int NH = 7;

    private static BipartiteEnergy energy() {
        SplittableRandom r = new SplittableRandom(11);
        BipartiteEnergy e = new BipartiteEnergy(NV, NH, Domain.BINARY, Domain.BINARY);
        for (int i = 0; i < NV; i++) {
            for (int j = 0; j < NH; j++) {
                e.setPair(i, j, r.nextGaussian());
            }
            e.setVisible(i, 0.5 * r.nextGaussian());
        }
        for (int j = 0; j < NH; j++) {
            e.setHidden(j, 0.5 * r.nextGaussian());
        }
        return e;
    }

    private static double[] rows(int n, long seed) {
        SplittableRandom data = new SplittableRandom(seed);
        double[] values = new double[n * NV];
        for (int i = 0; i < values.length; i++) {
            values[i] = data.nextBoolean() ? 1 : 0;
        }
        return values;
    }

    private static int[] count(int n) {
        int[] c = new int[n];
        for (int i = 0; i < n; i++) {
            c[i] = i;
        }
        return c;
    }

    /** One step's sums in each precision, {@code k 2}, from the same rows and seed. */
    @Test
    void aPlainCdStepDrawsTheSameStatesAndTheSameGradientAsFloat64() {
        BipartiteEnergy e = energy();
        int n = 6;
        double[] values = rows(n, 5);
        double[][] sums = new double[2][CdStep.termsLength(NV, NH)];
        Precision[] precisions = {Precision.FLOAT64, Precision.FLOAT32};
        for (int p = 0; p < 2; p++) {
            CdStep step = new CdStep(NV, NH, Domain.BINARY, Domain.BINARY, 2, 0, precisions[p], n);
            step.weights(e);
            step.addRows(values, count(n), count(n), n, 9, n, sums[p]);
        }
        BipartiteEnergy d64 = new BipartiteEnergy(NV, NH, Domain.BINARY, Domain.BINARY);
        BipartiteEnergy d32 = new BipartiteEnergy(NV, NH, Domain.BINARY, Domain.BINARY);
        CdStep.toEnergy(sums[0], d64);
        CdStep.toEnergy(sums[1], d32);
        // A state drawn differently would move the sums by a multiple of 1/6, far beyond these tolerances.
        for (int i = 0; i < NV; i++) {
            for (int j = 0; j < NH; j++) {
                assertEquals(d64.pair(i, j), d32.pair(i, j), 1e-6, "dW " + i + "," + j);
            }
            assertEquals(d64.visible(i), d32.visible(i), 1e-7, "db " + i);
        }
        for (int j = 0; j < NH; j++) {
            assertEquals(d64.hidden(j), d32.hidden(j), 1e-6, "dc " + j);
        }
        assertTrue(Math.abs(d64.pair(0, 0)) + Math.abs(d64.hidden(0)) > 0, "a gradient that is not all zero");
    }

    /**
     * The rows of a batch split into parts in any order, each part's sums added: the whole
     * batch's sums, to float64 rounding (each row draws from its place's stream, wherever it
     * is stepped), with a capacity that takes a part in turns.
     */
    @Test
    void anySplitOfTheRowsAddsUpToTheBatch() {
        BipartiteEnergy e = energy();
        int n = 11;
        double[] values = rows(n, 7);
        for (Precision precision : new Precision[] {Precision.FLOAT64, Precision.FLOAT32}) {
            double[] whole = new double[CdStep.termsLength(NV, NH)];
            CdStep step = new CdStep(NV, NH, Domain.BINARY, Domain.BINARY, 1, 0, precision, n);
            step.weights(e);
            step.addRows(values, count(n), count(n), n, 42, n, whole);
            // Places 7, 2, 9 on one machine, the other eight on another stepping three at a time.
            double[] parts = new double[whole.length];
            CdStep small = new CdStep(NV, NH, Domain.BINARY, Domain.BINARY, 1, 0, precision, 3);
            small.weights(e);
            small.addRows(values, new int[] {7, 2, 9}, new int[] {7, 2, 9}, 3, 42, n, parts);
            int[] rest = {0, 1, 3, 4, 5, 6, 8, 10};
            small.addRows(values, rest, rest, rest.length, 42, n, parts);
            for (int t = 0; t < whole.length; t++) {
                assertEquals(whole[t], parts[t], precision == Precision.FLOAT64 ? 1e-15 : 1e-6, precision + " sum " + t);
            }
        }
    }

    /** The training monitor's float32 reconstruction error against the float64 one, 3 rows at a time over 11. */
    @Test
    void theReconstructionErrorInFloat32IsTheFloat64OneToRounding() {
        BipartiteEnergy e = energy();
        double[] values = rows(11, 8);
        Float32Cd fast = new Float32Cd(3, 0, NV, NH);
        fast.weights(e);
        double f64 = RbmMetrics.reconstructionError(e, values, 11, null);
        assertEquals(f64, fast.reconstructionError(values, 11), 1e-6 * f64);
        assertTrue(f64 > 0.01, "a reconstruction that is not exact: " + f64);
    }
}
