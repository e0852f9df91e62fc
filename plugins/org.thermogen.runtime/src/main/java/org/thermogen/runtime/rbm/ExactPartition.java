package org.thermogen.runtime.rbm;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.energy.BipartiteEnergy;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.run.Parallel;
import org.thermogen.runtime.run.RunContext;

/**
 * The exact log partition function of an RBM whose smaller layer has at most
 * {@value #MAX_UNITS} units ({@code exact} as a {@code log_likelihood} or
 * {@code log_partition} method): every state of the smaller layer is visited in Gray-code
 * order and the other layer is summed out analytically (notes 01, (4.4), (4.5)), so the
 * cost is {@code 2^min(nv, nh) * max(nv, nh)}. Real (Gaussian-Bernoulli) visibles are
 * integrated out, so for them the hidden layer is the one walked. Chunks of states run in
 * parallel and are combined in chunk order with log-sum-exp shifts: the result is
 * bit-identical for any number of threads.
 *
 * <pre>{@code
 * double logZ = ExactPartition.logPartition(eta, context.pool());
 * double logLikelihood = -eta.freeEnergy(v) - logZ;
 * }</pre>
 */
public final class ExactPartition implements Estimator {
    /** The largest smaller layer: {@code 2^20} states. */
    public static final int MAX_UNITS = LayerWalk.MAX_UNITS;

    private ExactPartition() {
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return "exact";
    }

    @Override
    public Estimate logPartition(BipartiteEnergy energy, Dataset data, RunContext context) {
        double logZ = logPartition(energy, context.pool());
        return new Estimate(logZ, 0.0, "exact: enumeration of " + enumerated(energy) + ", the other layer summed out",
                Map.of());
    }

    /**
     * The states this class enumerates for {@code energy}: {@code "2^12 hidden states"}.
     *
     * @throws IllegalArgumentException if that layer is too large
     */
    public static String enumerated(BipartiteEnergy energy) {
        boolean hidden = walksHidden(energy);
        return "2^" + (hidden ? energy.hiddenSize() : energy.visibleSize()) + (hidden ? " hidden" : " visible")
                + " states";
    }

    /**
     * {@code ln Z}, exactly.
     *
     * @param pool workers for the chunks, or null for the calling thread
     * @throws IllegalArgumentException if the smaller layer (the hidden one for real visibles)
     *                                  has more than {@value #MAX_UNITS} units, or a real
     *                                  visible unit has no positive quadratic term
     */
    public static double logPartition(BipartiteEnergy energy, ForkJoinPool pool) {
        boolean hidden = walksHidden(energy);
        RbmModel.checkQuadratics(energy, null);
        LayerWalk walk = new LayerWalk(energy, hidden);
        LayerWalk.Sum[] sums = new LayerWalk.Sum[walk.chunks()];
        Parallel.forEach(pool, sums.length, q -> {
            LayerWalk.Sum s = new LayerWalk.Sum();
            walk.walk(q, s);
            sums[q] = s;
        });
        return combine(sums);
    }

    private static double combine(LayerWalk.Sum[] sums) {
        double shift = Double.NEGATIVE_INFINITY;
        for (LayerWalk.Sum s : sums) {
            // A NaN shift (non-finite parameters) makes the result NaN, which callers report.
            shift = Double.isNaN(s.shift) ? Double.NaN : Math.max(shift, s.shift);
        }
        double z = 0;
        for (LayerWalk.Sum s : sums) {
            z += s.z * Math.exp(s.shift - shift);
        }
        return shift + Math.log(z);
    }

    /**
     * {@code count} independent exact samples of the visible units, row-major
     * ({@code count x nv}), in random order: the smaller layer is drawn from its exact
     * marginal by inversion (sorted uniforms against the cumulative probabilities in walk
     * order, so no table of {@code 2^m} probabilities is held); when that layer is the hidden
     * one, the visibles are then drawn given it.
     *
     * @param random the only source of randomness: the same stream gives the same samples
     */
    public static double[] sample(BipartiteEnergy energy, int count, SplittableRandom random) {
        double logZ = logPartition(energy, null);
        boolean hidden = walksHidden(energy);
        LayerWalk walk = new LayerWalk(energy, hidden);
        int m = walk.m;
        double[] u = new double[count];
        for (int i = 0; i < count; i++) {
            u[i] = random.nextDouble();
        }
        Arrays.sort(u);
        double[] drawn = new double[count * m];
        double[] last = new double[m];
        int[] next = {0};
        double[] cumulative = {0.0};
        for (int q = 0; q < walk.chunks() && next[0] < count; q++) {
            walk.walk(q, (lw, state) -> {
                cumulative[0] += Math.exp(lw - logZ);
                while (next[0] < count && u[next[0]] < cumulative[0]) {
                    System.arraycopy(state, 0, drawn, next[0]++ * m, m);
                }
                System.arraycopy(state, 0, last, 0, m);
            });
        }
        // Rounding can leave the cumulative sum a hair below 1: the last state takes the rest.
        while (next[0] < count) {
            System.arraycopy(last, 0, drawn, next[0]++ * m, m);
        }
        int nv = energy.visibleSize();
        double[] out;
        if (hidden) {
            out = new double[count * nv];
            visiblesGivenHiddens(energy, drawn, count, random, out);
        } else {
            out = drawn;
        }
        shuffleRows(out, count, nv, random);
        return out;
    }

    /** Draws each row of visibles given the corresponding row of hiddens. */
    private static void visiblesGivenHiddens(BipartiteEnergy e, double[] hs, int count, SplittableRandom random,
            double[] out) {
        int nv = e.visibleSize();
        int nh = e.hiddenSize();
        double[] h = new double[nh];
        double[] a = e.quadratics();
        for (int r = 0; r < count; r++) {
            System.arraycopy(hs, r * nh, h, 0, nh);
            for (int i = 0; i < nv; i++) {
                double y = e.visibleField(i, h);
                out[r * nv + i] = switch (e.visibleDomain()) {
                    case BINARY -> random.nextDouble() < Layers.sigmoid(y) ? 1.0 : 0.0;
                    case SPIN -> random.nextDouble() < Layers.sigmoid(2 * y) ? 1.0 : -1.0;
                    case REAL -> y / (2 * a[i]) + random.nextGaussian() / Math.sqrt(2 * a[i]);
                };
            }
        }
    }

    /** Fisher-Yates on rows, so samples are exchangeable rather than in state order. */
    private static void shuffleRows(double[] rows, int count, int n, SplittableRandom random) {
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

    /**
     * Which layer to walk: the hidden one when the visibles are real (they are integrated
     * out) or when it is not larger; otherwise the visible one.
     */
    static boolean walksHidden(BipartiteEnergy e) {
        int nv = e.visibleSize();
        int nh = e.hiddenSize();
        boolean hidden = e.visibleDomain() == Domain.REAL || nh <= nv;
        int m = hidden ? nh : nv;
        if (m > MAX_UNITS) {
            throw new IllegalArgumentException(e.visibleDomain() == Domain.REAL
                    ? "exact ln Z of a Gaussian-Bernoulli RBM enumerates its hidden layer, limited to " + MAX_UNITS
                            + " units (this one has " + nh + "); use ais(runs 100, temperatures 10000)"
                    : "exact ln Z of an RBM enumerates its smaller layer, limited to " + MAX_UNITS + " units (this one has "
                            + nv + " visible and " + nh + " hidden); use ais(runs 100, temperatures 10000)");
        }
        return hidden;
    }

    /** {@code exact} has no settings. */
    public static final class Builder {
        private Builder() {
        }

        public ExactPartition build() {
            return new ExactPartition();
        }
    }
}
