package org.thermogen.runtime.exact;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.model.Domain;

/**
 * Exact sums over all {@code 2^n} states of a Boltzmann machine ({@code n <= 24}): the log
 * partition function, first and second moments, and the covariance of the sufficient
 * statistics applied to a direction (the Hessian-vector product of {@code ln Z}).
 *
 * <p>States are visited in Gray-code order, so each step flips one unit: the energy
 * changes by {@code -delta * f_k} and the local fields {@code f = b + W s} are updated by
 * one row of {@code W}. The top units fix a chunk; chunks run in parallel and are combined
 * in chunk order, with a count of chunks that depends on {@code n} only, so the result is
 * bit-identical for any number of threads. Sums are stabilized by a running shift of the
 * exponent (a streaming log-sum-exp).
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
    /** Rescale accumulators when an exponent exceeds the shift by this much. */
    private static final double RESHIFT = 64;

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
        return run(e, null, false, pool).logZ;
    }

    /** {@code ln Z} and the first and second moments. */
    public static Moments moments(PairwiseEnergy e, ForkJoinPool pool) {
        Sums s = run(e, null, true, pool);
        int n = e.size();
        double[] mean = new double[n];
        double[] second = new double[n * n];
        for (int k = 0; k < n; k++) {
            mean[k] = s.m1[k];
            second[k * n + k] = e.domain() == Domain.SPIN ? 1.0 : s.m1[k];
            for (int l = k + 1; l < n; l++) {
                second[k * n + l] = s.m2[k * n + l];
                second[l * n + k] = s.m2[k * n + l];
            }
        }
        return new Moments(s.logZ, mean, second);
    }

    /**
     * {@code Cov(phi) v} for the sufficient statistics {@code phi = (s_k s_l for k<l, s_k)}
     * and a direction {@code v} given as pairs and biases of a {@link PairwiseEnergy}; the
     * result is written into {@code out} in the same form (its constant is zero). This is the
     * Hessian of {@code ln Z} in the natural parameters applied to {@code v}.
     */
    public static void covarianceProduct(PairwiseEnergy e, PairwiseEnergy v, PairwiseEnergy out, ForkJoinPool pool) {
        Sums s = run(e, v, true, pool);
        int n = e.size();
        out.clear();
        // E[phi t] - E[phi] E[t] with t = phi . v
        for (int k = 0; k < n; k++) {
            out.setBias(k, s.tm1[k] - s.m1[k] * s.t);
            for (int l = k + 1; l < n; l++) {
                out.setPair(k, l, s.tm2[k * n + l] - s.m2[k * n + l] * s.t);
            }
        }
    }

    // ------------------------------------------------------------------ the walk

    /** Normalized sums of one enumeration (or of one chunk before normalization). */
    private static final class Sums {
        double shift;
        double z;
        double logZ;
        double[] m1;
        double[] m2;
        double t;
        double[] tm1;
        double[] tm2;
    }

    /** Number of top units that select a chunk: a function of n only. */
    static int chunkBits(int n) {
        return Math.min(n, 6);
    }

    private static Sums run(PairwiseEnergy e, PairwiseEnergy direction, boolean moments, ForkJoinPool pool) {
        int n = e.size();
        checkSize(n);
        int bits = chunkBits(n);
        int chunks = 1 << bits;
        List<Callable<Sums>> tasks = new ArrayList<>(chunks);
        for (int c = 0; c < chunks; c++) {
            int chunk = c;
            tasks.add(() -> chunk(e, direction, moments, n - bits, chunk));
        }
        List<Sums> parts = new ArrayList<>(chunks);
        if (pool == null) {
            for (Callable<Sums> t : tasks) {
                try {
                    parts.add(t.call());
                } catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            }
        } else {
            for (Future<Sums> f : pool.invokeAll(tasks)) {
                try {
                    parts.add(f.get());
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new java.util.concurrent.CancellationException("interrupted");
                } catch (ExecutionException ex) {
                    throw ex.getCause() instanceof RuntimeException r ? r : new IllegalStateException(ex.getCause());
                }
            }
        }
        return combine(parts, n, moments, direction != null);
    }

    private static Sums combine(List<Sums> parts, int n, boolean moments, boolean directional) {
        double shift = Double.NEGATIVE_INFINITY;
        for (Sums p : parts) {
            shift = Math.max(shift, p.shift);
        }
        Sums total = new Sums();
        total.shift = shift;
        if (moments) {
            total.m1 = new double[n];
            total.m2 = new double[n * n];
        }
        if (directional) {
            total.tm1 = new double[n];
            total.tm2 = new double[n * n];
        }
        for (Sums p : parts) {
            double scale = Math.exp(p.shift - shift);
            total.z += p.z * scale;
            if (moments) {
                axpy(scale, p.m1, total.m1);
                axpy(scale, p.m2, total.m2);
            }
            if (directional) {
                total.t += p.t * scale;
                axpy(scale, p.tm1, total.tm1);
                axpy(scale, p.tm2, total.tm2);
            }
        }
        total.logZ = shift + Math.log(total.z);
        double inv = 1.0 / total.z;
        if (moments) {
            scale(inv, total.m1);
            scale(inv, total.m2);
        }
        if (directional) {
            total.t *= inv;
            scale(inv, total.tm1);
            scale(inv, total.tm2);
        }
        return total;
    }

    /**
     * Sums over the states whose top units spell {@code chunk}, visiting the {@code low}
     * lower units in Gray-code order. Unnormalized: {@code z = sum exp(-E - shift)}.
     */
    private static Sums chunk(PairwiseEnergy e, PairwiseEnergy direction, boolean moments, int low, int chunk) {
        int n = e.size();
        boolean spin = e.domain() == Domain.SPIN;
        double[] w = e.couplings();
        double[] b = e.biases();
        double[] s = new double[n];
        for (int k = 0; k < n; k++) {
            boolean on = k >= low && ((chunk >> (k - low)) & 1) == 1;
            s[k] = on ? 1.0 : (spin ? -1.0 : 0.0);
        }
        double[] f = new double[n];
        for (int k = 0; k < n; k++) {
            f[k] = e.localField(k, s);
        }
        double energy = e.energy(s);
        // The direction's "energy" t = phi . v and its fields g, maintained the same way.
        double[] vw = direction == null ? null : direction.couplings();
        double[] g = direction == null ? null : new double[n];
        double t = 0;
        if (direction != null) {
            for (int k = 0; k < n; k++) {
                g[k] = direction.localField(k, s);
            }
            t = direction.constant() - direction.energy(s);
        }
        Sums out = new Sums();
        double[] m1 = moments ? new double[n] : null;
        double[] m2 = moments ? new double[n * n] : null;
        double[] tm1 = direction != null ? new double[n] : null;
        double[] tm2 = direction != null ? new double[n * n] : null;
        double shift = -energy;
        double z = 0;
        double tz = 0;
        long states = 1L << low;
        for (long step = 0; step < states; step++) {
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
                if (direction != null) {
                    t += delta * g[k];
                    for (int l = 0; l < n; l++) {
                        g[l] += vw[row + l] * delta;
                    }
                }
            }
            double exponent = -energy - shift;
            if (exponent > RESHIFT) {
                // A much more probable state: rescale what was summed so far.
                double r = Math.exp(-exponent);
                z *= r;
                tz *= r;
                if (moments) {
                    scale(r, m1);
                    scale(r, m2);
                }
                if (direction != null) {
                    scale(r, tm1);
                    scale(r, tm2);
                }
                shift = -energy;
                exponent = 0;
            }
            double weight = Math.exp(exponent);
            z += weight;
            if (moments) {
                accumulate(weight, s, n, m1, m2);
            }
            if (direction != null) {
                tz += weight * t;
                accumulate(weight * t, s, n, tm1, tm2);
            }
        }
        out.shift = shift;
        out.z = z;
        out.m1 = m1;
        out.m2 = m2;
        out.t = tz;
        out.tm1 = tm1;
        out.tm2 = tm2;
        return out;
    }

    /** {@code m1 += weight * s}; {@code m2[k][l] += weight * s_k s_l} for {@code k < l}. */
    private static void accumulate(double weight, double[] s, int n, double[] m1, double[] m2) {
        for (int k = 0; k < n; k++) {
            double ws = weight * s[k];
            if (ws == 0.0) {
                continue;
            }
            m1[k] += ws;
            int row = k * n;
            for (int l = k + 1; l < n; l++) {
                m2[row + l] += ws * s[l];
            }
        }
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static void scale(double a, double[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= a;
        }
    }
}
