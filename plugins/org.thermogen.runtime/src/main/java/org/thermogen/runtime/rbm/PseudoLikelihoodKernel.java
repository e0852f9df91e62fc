package org.thermogen.runtime.rbm;

import org.thermogen.runtime.energy.BipartiteEnergy;
import org.thermogen.runtime.model.Domain;

/**
 * The exact pseudo-log-likelihood of rows of binary or spin visibles,
 * {@code sum_i ln q(v_i | v_-i)}, by free-energy differences: flipping unit {@code i} by
 * {@code delta} changes the free energy by
 * <pre>
 *   dF_i = a_i ((v_i + delta)^2 - v_i^2) - b_i delta - sum_j [G(x_j + delta W_ij) - G(x_j)]
 * </pre>
 * ({@code x = c + v W}, {@code G} = softplus for binary and {@code ln 2 cosh} for spin
 * hiddens), and {@code ln q(v_i | v_-i) = -ln(1 + exp(-dF_i))}.
 *
 * <p>The {@code nv * nh} differences of {@code G} per row are what costs. Each is the log of
 * a ratio that needs no transcendental function once {@code e^{+-delta W}} (per energy) and
 * a few exponentials of {@code x} (per row) are known, e.g. for binary hiddens with
 * {@code x <= 0}: {@code (1 + e^x e^{delta W}) / (1 + e^x)}. Ratios are multiplied in groups
 * of 16 and one logarithm is taken per group; a ratio lies between {@code e^{-|delta W|}} and
 * {@code e^{|delta W|}}, and a group whose product leaves {@code [1e-300, 1e300]} (weights
 * beyond about 40 in size), or that holds a field {@code |x_j|} above 300, is summed term by
 * term instead, so the result is exact to rounding either way. One kernel per thread: the tables are shared, the row scratch is not.
 */
final class PseudoLikelihoodKernel {
    private static final int GROUP = 16;

    private final BipartiteEnergy e;
    private final int nv;
    private final int nh;
    private final boolean spinVisible;
    private final boolean spinHidden;
    /** {@code e^{step W}} and {@code e^{-step W}}, row-major {@code nv x nh}. */
    private final double[] up;
    private final double[] down;
    private final double[] x;
    private final double[] alpha;
    private final double[] beta;
    private final double[] gamma;
    /** Per group of hidden units: true if every field in it is moderate (see {@link #LARGE_FIELD}). */
    private final boolean[] moderate;

    /**
     * Fields beyond this make {@code e^{-|x|}} (or {@code e^{-2|x|}}) so small that, multiplied
     * by a large {@code e^{delta W}}, it would lose digits; such groups are summed term by term.
     */
    private static final double LARGE_FIELD = 300.0;

    PseudoLikelihoodKernel(BipartiteEnergy e) {
        this(e, tables(e, 1), tables(e, -1));
    }

    private PseudoLikelihoodKernel(BipartiteEnergy e, double[] up, double[] down) {
        if (e.visibleDomain() == Domain.REAL) {
            throw new IllegalArgumentException("pseudo-likelihood needs binary or spin visible units; for real ones use"
                    + " reconstruction_error");
        }
        this.e = e;
        this.nv = e.visibleSize();
        this.nh = e.hiddenSize();
        this.spinVisible = e.visibleDomain() == Domain.SPIN;
        this.spinHidden = e.hiddenDomain() == Domain.SPIN;
        this.up = up;
        this.down = down;
        this.x = new double[nh];
        this.alpha = new double[nh];
        this.beta = new double[nh];
        this.gamma = new double[nh];
        this.moderate = new boolean[(nh + GROUP - 1) / GROUP];
    }

    /** Another kernel on the same tables, for another thread. */
    PseudoLikelihoodKernel twin() {
        return new PseudoLikelihoodKernel(e, up, down);
    }

    private static double[] tables(BipartiteEnergy e, int sign) {
        double s = sign * (e.visibleDomain() == Domain.SPIN ? 2.0 : 1.0);
        double[] w = e.weights();
        double[] t = new double[w.length];
        for (int k = 0; k < w.length; k++) {
            t[k] = Math.exp(s * w[k]);
        }
        return t;
    }

    /** {@code sum_i ln q(v_i | v_-i)} for the row at {@code offset} of {@code rows}. */
    double rowSum(double[] rows, int offset) {
        double[] w = e.weights();
        double[] b = e.visibleBiases();
        double[] a = e.quadratics();
        System.arraycopy(e.hiddenBiases(), 0, x, 0, nh);
        for (int i = 0; i < nv; i++) {
            double vi = rows[offset + i];
            if (vi != 0.0) {
                int row = i * nh;
                for (int j = 0; j < nh; j++) {
                    x[j] += vi * w[row + j];
                }
            }
        }
        // Ratio coefficients per hidden unit, arranged so no exponential can overflow.
        java.util.Arrays.fill(moderate, true);
        for (int j = 0; j < nh; j++) {
            moderate[j / GROUP] &= Math.abs(x[j]) <= LARGE_FIELD;
            double xj = x[j];
            if (spinHidden) {
                // (e^{x+d} + e^{-x-d}) / (e^x + e^{-x}) = (alpha P + beta / P) gamma
                double t = Math.exp(-2.0 * Math.abs(xj));
                alpha[j] = xj <= 0 ? t : 1.0;
                beta[j] = xj <= 0 ? 1.0 : t;
                gamma[j] = 1.0 / (1.0 + t);
            } else {
                // (1 + e^{x+d}) / (1 + e^x) = (alpha + beta P) gamma
                double t = Math.exp(-Math.abs(xj));
                alpha[j] = xj <= 0 ? 1.0 : t;
                beta[j] = xj <= 0 ? t : 1.0;
                gamma[j] = 1.0 / (1.0 + t);
            }
        }
        double total = 0;
        for (int i = 0; i < nv; i++) {
            double vi = rows[offset + i];
            double delta = spinVisible ? -2.0 * vi : 1.0 - 2.0 * vi;
            boolean rising = delta > 0;
            double[] p = rising ? up : down;
            double[] q = rising ? down : up;
            int row = i * nh;
            double s = 0;
            for (int g = 0; g < nh; g += GROUP) {
                int end = Math.min(nh, g + GROUP);
                double prod = !moderate[g / GROUP] ? Double.NaN
                        : spinHidden ? groupSpin(p, q, row, g, end) : groupBinary(p, row, g, end);
                if (prod > 1e-300 && prod < 1e300) {
                    s += Math.log(prod);
                } else {
                    s += direct(w, row, g, end, delta);
                }
            }
            double vn = vi + delta;
            double dF = a[i] * (vn * vn - vi * vi) - b[i] * delta - s;
            // ln q(v_i | rest) = -softplus(-dF)
            total -= softplus(-dF);
        }
        return total;
    }

    private double groupBinary(double[] p, int row, int from, int to) {
        // Four independent products hide the latency of the multiplications.
        double p0 = 1;
        double p1 = 1;
        double p2 = 1;
        double p3 = 1;
        int j = from;
        for (; j + 3 < to; j += 4) {
            p0 *= (alpha[j] + beta[j] * p[row + j]) * gamma[j];
            p1 *= (alpha[j + 1] + beta[j + 1] * p[row + j + 1]) * gamma[j + 1];
            p2 *= (alpha[j + 2] + beta[j + 2] * p[row + j + 2]) * gamma[j + 2];
            p3 *= (alpha[j + 3] + beta[j + 3] * p[row + j + 3]) * gamma[j + 3];
        }
        for (; j < to; j++) {
            p0 *= (alpha[j] + beta[j] * p[row + j]) * gamma[j];
        }
        return (p0 * p1) * (p2 * p3);
    }

    private double groupSpin(double[] p, double[] q, int row, int from, int to) {
        double p0 = 1;
        double p1 = 1;
        int j = from;
        for (; j + 1 < to; j += 2) {
            p0 *= (alpha[j] * p[row + j] + beta[j] * q[row + j]) * gamma[j];
            p1 *= (alpha[j + 1] * p[row + j + 1] + beta[j + 1] * q[row + j + 1]) * gamma[j + 1];
        }
        for (; j < to; j++) {
            p0 *= (alpha[j] * p[row + j] + beta[j] * q[row + j]) * gamma[j];
        }
        return p0 * p1;
    }

    /** {@code sum_j G(x_j + delta W_ij) - G(x_j)} term by term, for groups beyond the product's range. */
    private double direct(double[] w, int row, int from, int to, double delta) {
        double s = 0;
        for (int j = from; j < to; j++) {
            double x0 = x[j];
            double x1 = x0 + delta * w[row + j];
            s += spinHidden ? logTwoCosh(x1) - logTwoCosh(x0) : softplus(x1) - softplus(x0);
        }
        return s;
    }

    static double softplus(double z) {
        return Math.max(z, 0.0) + Math.log1p(Math.exp(-Math.abs(z)));
    }

    static double logTwoCosh(double z) {
        double a = Math.abs(z);
        return a + Math.log1p(Math.exp(-2.0 * a));
    }
}
