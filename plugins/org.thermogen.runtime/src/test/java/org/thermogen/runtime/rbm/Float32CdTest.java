package org.thermogen.runtime.rbm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.energy.BipartiteEnergy;
import org.thermogen.runtime.model.Domain;

/**
 * The float32 mini-batch step against the float64 one it replaces for binary units: from the
 * same parameters, rows and random streams, the same draws (a draw could differ only where a
 * uniform falls between a mean and its float32 rounding, about once in ten million) and the
 * same gradient within float32 rounding. Sizes not a multiple of any vector length, so every
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

    private static SplittableRandom[] streams(int n, long seed) {
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom[] s = new SplittableRandom[n];
        for (int i = 0; i < n; i++) {
            s[i] = root.split();
        }
        return s;
    }

    @Test
    void aPlainCdStepDrawsTheSameStatesAndTheSameGradientAsFloat64() {
        BipartiteEnergy e = energy();
        int n = 6;
        SplittableRandom data = new SplittableRandom(5);
        double[] values = new double[n * NV];
        for (int i = 0; i < values.length; i++) {
            values[i] = data.nextBoolean() ? 1 : 0;
        }
        // float64: Batch and CdRun.gradient, as CdRun runs them.
        SplittableRandom[] r64 = streams(n, 9);
        Weights weights = new Weights(e);
        Batch pos = new Batch(n, NV, NH, r64, 0);
        Batch neg = new Batch(n, NV, NH, r64, 0);
        for (int r = 0; r < n; r++) {
            System.arraycopy(values, r * NV, pos.v[r], 0, NV);
            System.arraycopy(values, r * NV, neg.v[r], 0, NV);
        }
        double[][] posMean = new double[n][NH];
        double[][] negMean = new double[n][NH];
        pos.hiddenFields(weights);
        Layers.means(Domain.BINARY, pos.x, n, null, posMean);
        Layers.sampleFromMeans(Domain.BINARY, posMean, n, r64, 0, neg.h);
        neg.visibleGivenHidden(weights);
        neg.sweep(weights);
        neg.hiddenFields(weights);
        Layers.means(Domain.BINARY, neg.x, n, null, negMean);
        BipartiteEnergy d64 = new BipartiteEnergy(NV, NH, Domain.BINARY, Domain.BINARY);
        CdRun.gradient(pos.v, posMean, n, neg.v, negMean, n, new double[NH], d64, false);

        // float32: the same step, k 2, from the same streams.
        SplittableRandom[] r32 = streams(n, 9);
        Float32Cd fast = new Float32Cd(n, n, NV, NH);
        fast.weights(e);
        for (int r = 0; r < n; r++) {
            fast.loadPositive(r, values, r);
        }
        fast.positiveMeans(n);
        fast.freshChains(n, r32);
        fast.visibleGivenHidden(n, r32);
        fast.sweep(n, r32);
        fast.negativeMeans(n);
        BipartiteEnergy d32 = new BipartiteEnergy(NV, NH, Domain.BINARY, Domain.BINARY);
        fast.gradient(n, n, d32);

        double[][] h = new double[n][NH];
        fast.hiddenStatesInto(h, n);
        int differing = 0;
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < NV; i++) {
                differing += neg.v[r][i] == fast.vNeg[r * NV + i] ? 0 : 1;
            }
            for (int j = 0; j < NH; j++) {
                differing += neg.h[r][j] == h[r][j] ? 0 : 1;
            }
        }
        assertEquals(0, differing, "states drawn differently");
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
}
