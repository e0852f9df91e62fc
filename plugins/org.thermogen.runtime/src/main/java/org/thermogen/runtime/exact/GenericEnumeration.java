package org.thermogen.runtime.exact;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.thermogen.runtime.model.EnergyFunction;
import org.thermogen.runtime.model.ModelSpec;

/**
 * Exact sums over every state of any energy on at most 24 binary or spin units, one energy
 * evaluation per state: for energies that are not pairwise (products of three units, or
 * functions of them), where no faster exact method exists.
 */
public final class GenericEnumeration {
    private static final double RESHIFT = 64;

    private GenericEnumeration() {
    }

    /** The units' lower values, once the model is known to be small and discrete enough to enumerate. */
    private static double[] lowValues(ModelSpec spec) {
        Enumeration.checkSize(spec.stateSize());
        if (!spec.isDiscrete()) {
            throw new IllegalArgumentException(spec.name() + " has real units: exact enumeration needs binary or spin units");
        }
        return spec.lowValues();
    }

    /**
     * {@code ln sum_h exp(-E(v, h))}: the unnormalized log marginal of the observed units
     * {@code v} (the first ones of the state), every state of the units after them visited;
     * {@code -E(v)} when there are none. Subtract {@code ln Z} for {@code ln q(v)}. For a
     * Boltzmann machine {@link Enumeration#logMarginal} is faster.
     */
    public static double logMarginal(EnergyFunction f, double[] theta, double[] v) {
        ModelSpec spec = f.spec();
        int n = spec.stateSize();
        if (v.length == n) {
            return -f.energy(v, theta);
        }
        double[] low = lowValues(spec);
        double[] s = new double[n];
        System.arraycopy(v, 0, s, 0, v.length);
        int hidden = n - v.length;
        // A running shift of the exponent, as in walk: one pass, nothing stored per state.
        double shift = Double.NaN;
        double sum = 0;
        for (long h = 0; h < 1L << hidden; h++) {
            for (int k = v.length; k < n; k++) {
                s[k] = ((h >>> (k - v.length)) & 1) == 1 ? 1.0 : low[k];
            }
            double t = -f.energy(s, theta);
            if (Double.isNaN(shift) || t > shift) {
                sum = Double.isNaN(shift) ? 0 : sum * Math.exp(shift - t);
                shift = t;
            }
            sum += Math.exp(t - shift);
        }
        return shift + Math.log(sum);
    }

    /** {@code ln Z}. */
    public static double logPartition(EnergyFunction f, double[] theta) {
        return walk(f, theta, null, null, 0, null);
    }

    /**
     * {@code ln Z}, and {@code E_q[dE/dtheta]} written into {@code expectedGradient} (the
     * model term of the log-likelihood gradient, note 02 eq. 1.16).
     */
    public static double logPartition(EnergyFunction f, double[] theta, double[] expectedGradient) {
        return walk(f, theta, expectedGradient, null, 0, null);
    }

    /** {@code count} exact samples (full states, row-major), in random order. */
    public static double[] draw(EnergyFunction f, double[] theta, int count, SplittableRandom random) {
        double logZ = logPartition(f, theta);
        double[] u = new double[count];
        for (int i = 0; i < count; i++) {
            u[i] = random.nextDouble();
        }
        Arrays.sort(u);
        int n = f.spec().stateSize();
        double[] out = new double[count * n];
        walk(f, theta, null, u, logZ, out);
        ExactSampling.shuffleRows(out, count, n, random);
        return out;
    }

    /**
     * Visits every state. Without {@code uniforms} it returns {@code ln Z} (and the expected
     * gradient if asked); with them it writes the state each sorted uniform falls on.
     */
    private static double walk(EnergyFunction f, double[] theta, double[] gradient, double[] uniforms, double logZ,
            double[] out) {
        ModelSpec spec = f.spec();
        int n = spec.stateSize();
        double[] low = lowValues(spec);
        double[] s = low.clone();
        double[] scratch = gradient == null ? null : new double[gradient.length];
        if (gradient != null) {
            Arrays.fill(gradient, 0.0);
        }
        double shift = Double.NaN;
        double z = 0;
        double cumulative = 0;
        int next = 0;
        long states = 1L << n;
        for (long index = 0; index < states; index++) {
            for (int k = 0; k < n; k++) {
                s[k] = ((index >>> k) & 1) == 1 ? 1.0 : low[k];
            }
            double e = f.energy(s, theta);
            if (uniforms != null) {
                cumulative += Math.exp(-e - logZ);
                while (next < uniforms.length && uniforms[next] < cumulative) {
                    System.arraycopy(s, 0, out, next++ * n, n);
                }
                continue;
            }
            if (Double.isNaN(shift)) {
                shift = -e;
            }
            double exponent = -e - shift;
            if (exponent > RESHIFT) {
                double r = Math.exp(-exponent);
                z *= r;
                if (gradient != null) {
                    for (int i = 0; i < gradient.length; i++) {
                        gradient[i] *= r;
                    }
                }
                shift = -e;
                exponent = 0;
            }
            double w = Math.exp(exponent);
            z += w;
            if (gradient != null) {
                Arrays.fill(scratch, 0.0);
                f.addParameterGradient(s, theta, 1.0, scratch);
                for (int i = 0; i < gradient.length; i++) {
                    gradient[i] += w * scratch[i];
                }
            }
        }
        if (uniforms != null) {
            while (next < uniforms.length) {
                System.arraycopy(s, 0, out, next++ * n, n);
            }
            return logZ;
        }
        if (gradient != null) {
            for (int i = 0; i < gradient.length; i++) {
                gradient[i] /= z;
            }
        }
        return shift + Math.log(z);
    }

    /**
     * Exact thermodynamic averages: {@code <E(s)>}, {@code <M>} and {@code <|M|>} where
     * {@code M} sums the units marked in {@code counted} (for binary units it counts the
     * ones), each state weighted by {@code exp(-E(s)) / Z}.
     *
     * @param counted one flag per unit of the state
     * @return {@code {<E>, <M>, <|M|>}}
     */
    public static double[] averages(EnergyFunction f, double[] theta, boolean[] counted) {
        ModelSpec spec = f.spec();
        int n = spec.stateSize();
        double[] low = lowValues(spec);
        double[] s = low.clone();
        double shift = Double.NaN;
        double z = 0;
        double energy = 0;
        double m = 0;
        double abs = 0;
        long states = 1L << n;
        for (long index = 0; index < states; index++) {
            double sum = 0;
            for (int k = 0; k < n; k++) {
                s[k] = ((index >>> k) & 1) == 1 ? 1.0 : low[k];
                if (counted[k]) {
                    sum += s[k];
                }
            }
            double e = f.energy(s, theta);
            if (Double.isNaN(shift)) {
                shift = -e;
            }
            double exponent = -e - shift;
            if (exponent > RESHIFT) {
                // A running shift of the exponent keeps every weight finite (a streaming log-sum-exp).
                double r = Math.exp(-exponent);
                z *= r;
                energy *= r;
                m *= r;
                abs *= r;
                shift = -e;
                exponent = 0;
            }
            double w = Math.exp(exponent);
            z += w;
            energy += w * e;
            m += w * sum;
            abs += w * Math.abs(sum);
        }
        return new double[] {energy / z, m / z, abs / z};
    }
}
