package org.thermogen.runtime.exact;

import java.util.concurrent.ForkJoinPool;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.run.Parallel;

/**
 * Exact sums over all {@code 2^n} states of a Boltzmann machine ({@code n <= 24}): the log
 * partition function, first and second moments, and the covariance of the sufficient
 * statistics applied to a direction (the Hessian-vector product of {@code ln Z}).
 *
 * <p>States are visited in Gray-code order, so each step flips one unit: the energy
 * changes by {@code -delta * f_k} and the local fields {@code f = b + W s} are updated by
 * one row of {@code W} ({@link PairwiseChunk}, which also makes the moments cost about as
 * much per state as {@code ln Z}). The top units fix a chunk; chunks run in parallel and are
 * combined in chunk order, with a count of chunks that depends on {@code n} only, so the
 * result is bit-identical for any number of threads. Sums are stabilized by a running shift
 * of the exponent (a streaming log-sum-exp).
 *
 * <pre>{@code
 * Enumeration.Moments m = Enumeration.moments(energy, pool);
 * double logZ = m.logPartition();
 * double corr01 = m.second()[0 * n + 1];   // <s_0 s_1>
 * }</pre>
 */
public final class Enumeration {
    /** Beyond this the sums take too long; use Monte Carlo. */
    public static final int MAX_UNITS = 24;

    private Enumeration() {
    }

    /**
     * Exact moments under {@code q(s) = exp(-E(s)) / Z}.
     *
     * @param logPartition {@code ln Z}
     * @param mean         {@code <s_k>}
     * @param second       {@code <s_k s_l>}, row-major {@code n x n}, symmetric; the diagonal is {@code <s_k^2>}
     */
    public record Moments(double logPartition, double[] mean, double[] second) {
    }

    /** Throws a clear error when {@code n} is beyond {@link #MAX_UNITS}. */
    public static void checkSize(int n) {
        if (n > MAX_UNITS) {
            throw new IllegalArgumentException("exact enumeration is limited to " + MAX_UNITS + " units (this model has "
                    + n + "); use gibbs(...)");
        }
    }

    /** {@code ln Z}. */
    public static double logPartition(PairwiseEnergy e, ForkJoinPool pool) {
        PairwiseChunk.Sums[] sums = run(new PairwiseChunk(e, null, PairwiseChunk.Mode.LOG_PARTITION), pool);
        double shift = maxShift(sums);
        double z = 0;
        for (PairwiseChunk.Sums s : sums) {
            z += s.z * Math.exp(s.shift - shift);
        }
        return shift + Math.log(z);
    }

    /** {@code ln Z} and the first and second moments. */
    public static Moments moments(PairwiseEnergy e, ForkJoinPool pool) {
        PairwiseChunk walk = new PairwiseChunk(e, null, PairwiseChunk.Mode.MOMENTS);
        Combined c = combine(e, walk, run(walk, pool), false);
        return new Moments(c.logZ, c.mean, c.second);
    }

    /**
     * {@code Cov(phi) v} for the sufficient statistics {@code phi = (s_k s_l for k<l, s_k)}
     * and a direction {@code v} given as pairs and biases of a {@link PairwiseEnergy}; the
     * result is written into {@code out} in the same form (its constant is zero). This is the
     * Hessian of {@code ln Z} in the natural parameters applied to {@code v}.
     */
    public static void covarianceProduct(PairwiseEnergy e, PairwiseEnergy v, PairwiseEnergy out, ForkJoinPool pool) {
        PairwiseChunk walk = new PairwiseChunk(e, v, PairwiseChunk.Mode.COVARIANCE);
        Combined c = combine(e, walk, run(walk, pool), true);
        int n = e.size();
        out.clear();
        // E[phi u] - E[phi] E[u] with u = phi . v
        for (int k = 0; k < n; k++) {
            out.setBias(k, c.meanU[k] - c.mean[k] * c.expectedU);
            for (int l = k + 1; l < n; l++) {
                out.setPair(k, l, c.secondU[k * n + l] - c.second[k * n + l] * c.expectedU);
            }
        }
    }

    /**
     * {@code ln sum_h exp(-E(v, h))}: the unnormalized log marginal of the first
     * {@code visible.length} units, the others summed out exactly. Subtract
     * {@link #logPartition} for {@code ln q(v)}.
     */
    public static double logMarginal(PairwiseEnergy e, double[] visible) {
        if (visible.length == e.size()) {
            return -e.energy(visible);
        }
        return logPartition(conditional(e, visible), null);
    }

    /**
     * The energy of the last {@code n - visible.length} units with the first ones clamped to
     * {@code visible}; its constant holds the clamped units' own energy.
     */
    public static PairwiseEnergy conditional(PairwiseEnergy e, double[] visible) {
        return conditional(e, visible, new PairwiseEnergy(e.size() - visible.length, e.domain()));
    }

    /**
     * {@link #conditional(PairwiseEnergy, double[])} written into {@code h}, a machine of the
     * hidden units' size and domain (every value of it replaced): for a clamped phase that visits
     * every data row at every step without allocating.
     *
     * @return {@code h}
     */
    public static PairwiseEnergy conditional(PairwiseEnergy e, double[] visible, PairwiseEnergy h) {
        int n = e.size();
        int nv = visible.length;
        int nh = n - nv;
        if (h.size() != nh || h.domain() != e.domain()) {
            throw new IllegalArgumentException("the conditional machine has " + nh + " " + e.domain() + " units, not "
                    + h.size() + " " + h.domain());
        }
        double[] w = e.couplings();
        double[] b = e.biases();
        double c = e.constant();
        for (int k = 0; k < nv; k++) {
            double f = b[k];
            for (int l = k + 1; l < nv; l++) {
                f += w[k * n + l] * visible[l];
            }
            c -= visible[k] * f;
        }
        h.setConstant(c);
        for (int i = 0; i < nh; i++) {
            int k = nv + i;
            double f = b[k];
            for (int l = 0; l < nv; l++) {
                f += w[k * n + l] * visible[l];
            }
            h.setBias(i, f);
            for (int j = i + 1; j < nh; j++) {
                h.setPair(i, j, w[k * n + nv + j]);
            }
        }
        return h;
    }

    // ------------------------------------------------------------------ combining chunks

    private static PairwiseChunk.Sums[] run(PairwiseChunk walk, ForkJoinPool pool) {
        PairwiseChunk.Sums[] sums = new PairwiseChunk.Sums[PairwiseChunk.chunks(walk.size())];
        Parallel.forEach(pool, sums.length, i -> sums[i] = walk.run(i));
        return sums;
    }

    private static double maxShift(PairwiseChunk.Sums[] sums) {
        // Non-finite parameters give NaN here, which training reports as divergence.
        double shift = Double.NEGATIVE_INFINITY;
        for (PairwiseChunk.Sums s : sums) {
            shift = Math.max(shift, s.shift);
        }
        return shift;
    }

    private static final class Combined {
        double logZ;
        double[] mean;
        double[] second;
        double expectedU;
        double[] meanU;
        double[] secondU;
    }

    /** Adds the chunks in order, each scaled to the common shift, then normalizes. */
    private static Combined combine(PairwiseEnergy e, PairwiseChunk walk, PairwiseChunk.Sums[] sums, boolean cov) {
        int n = e.size();
        double shift = maxShift(sums);
        Combined c = new Combined();
        c.mean = new double[n];
        c.second = new double[n * n];
        if (cov) {
            c.meanU = new double[n];
            c.secondU = new double[n * n];
        }
        double z = 0;
        double zu = 0;
        double[] table = new double[sums[0].table.length];
        double[] tableU = cov ? new double[table.length] : null;
        for (PairwiseChunk.Sums s : sums) {
            double f = Math.exp(s.shift - shift);
            z += s.z * f;
            axpy(f, s.mean, c.mean);
            axpy(f, s.second, c.second);
            axpy(f, s.table, table);
            if (cov) {
                zu += s.zu * f;
                axpy(f, s.meanU, c.meanU);
                axpy(f, s.secondU, c.secondU);
                axpy(f, s.tableU, tableU);
            }
        }
        walk.addLowPairs(table, c.second);
        if (cov) {
            walk.addLowPairs(tableU, c.secondU);
        }
        c.logZ = shift + Math.log(z);
        double inv = 1.0 / z;
        for (int k = 0; k < n; k++) {
            c.mean[k] *= inv;
            for (int l = k + 1; l < n; l++) {
                double v = c.second[k * n + l] * inv;
                c.second[k * n + l] = v;
                c.second[l * n + k] = v;
            }
            c.second[k * n + k] = e.domain() == Domain.SPIN ? 1.0 : c.mean[k];
        }
        if (cov) {
            c.expectedU = zu * inv;
            for (int k = 0; k < n; k++) {
                c.meanU[k] *= inv;
                for (int l = k + 1; l < n; l++) {
                    c.secondU[k * n + l] *= inv;
                }
            }
        }
        return c;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }
}
