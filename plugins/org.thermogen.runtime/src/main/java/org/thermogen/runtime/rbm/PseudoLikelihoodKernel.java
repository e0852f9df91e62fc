package org.thermogen.runtime.rbm;

import java.util.Arrays;
import org.thermogen.runtime.compute.Backend;
import org.thermogen.runtime.compute.DenseKernels;
import org.thermogen.runtime.compute.Elementary;
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
 * {@code x <= 0}: {@code (1 + e^x e^{delta W}) / (1 + e^x)}. A ratio lies between
 * {@code e^{-|delta W|}} and {@code e^{|delta W|}}, so the product over all hidden units
 * usually stays in range and no logarithm is needed per row of {@code W}: with
 * {@code dF_i = c_i - ln P}, {@code ln q = -ln(1 + P e^{-c_i})}, {@code e^{-c_i}} tabulated,
 * and the factors {@code 1 + P e^{-c_i}} of the visible units are multiplied while their
 * product stays below 1e300, so a row takes one or two logarithms in all (each factor
 * rounded once: about 1e-16 absolute per unit). When it leaves
 * {@code [1e-300, 1e300]} the ratios are multiplied in groups of 16 instead, and a group
 * whose product still leaves that range (weights beyond about 40 in size), or that holds a
 * field {@code |x_j|} above 300, is summed term by term, so the result is exact to rounding
 * in every case. One kernel per thread: the tables are shared, the row scratch is not.
 */
final class PseudoLikelihoodKernel {
    private static final int GROUP = 16;
    /**
     * Fields beyond this make {@code e^{-|x|}} (or {@code e^{-2|x|}}) so small that, multiplied
     * by a large {@code e^{delta W}}, it would lose digits; such groups are summed term by term.
     */
    private static final double LARGE_FIELD = 300.0;

    private final BipartiteEnergy e;
    private final int nv;
    private final int nh;
    private final boolean spinVisible;
    private final boolean spinHidden;
    /** {@code W}, {@code e^{step W}} and {@code e^{-step W}} as rows ({@code nv x nh}), step 1 or 2 (spins). */
    private final double[][] w;
    private final double[][] up;
    private final double[][] down;
    private final double[] x;
    private final double[] alpha;
    private final double[] beta;
    private final double[] gamma;
    private final double[] ratio;
    /** {@code alpha gamma} and {@code beta gamma}: a ratio is {@code ag + bg P} (binary hiddens) or {@code ag P + bg Q} (spins). */
    private final double[] ag;
    private final double[] bg;
    private final DenseKernels kernels = Backend.kernels();
    /** Per group of hidden units: true if every field in it is moderate. */
    private final boolean[] moderate;
    /** {@code e^{-c_i}} with {@code c_i = a_i ((v_i + delta)^2 - v_i^2) - b_i delta}, for {@code v_i} up and low. */
    private final double[] expUp;
    private final double[] expLow;
    /** Four visible units' products, from {@link DenseKernels#productsOfAffine} (with its scratch). */
    private final double[] four = new double[32];

    PseudoLikelihoodKernel(BipartiteEnergy e) {
        this(e, rows(e, 0), rows(e, 1), rows(e, -1));
    }

    private PseudoLikelihoodKernel(BipartiteEnergy e, double[][] w, double[][] up, double[][] down) {
        if (e.visibleDomain() == Domain.REAL) {
            throw new IllegalArgumentException("pseudo-likelihood needs binary or spin visible units; for real ones use"
                    + " reconstruction_error");
        }
        this.e = e;
        this.nv = e.visibleSize();
        this.nh = e.hiddenSize();
        this.spinVisible = e.visibleDomain() == Domain.SPIN;
        this.spinHidden = e.hiddenDomain() == Domain.SPIN;
        this.w = w;
        this.up = up;
        this.down = down;
        this.x = new double[nh];
        this.alpha = new double[nh];
        this.beta = new double[nh];
        this.gamma = new double[nh];
        this.ratio = new double[nh];
        this.ag = new double[nh];
        this.bg = new double[nh];
        this.moderate = new boolean[(nh + GROUP - 1) / GROUP];
        this.expUp = new double[nv];
        this.expLow = new double[nv];
        double low = spinVisible ? -1.0 : 0.0;
        for (int i = 0; i < nv; i++) {
            expUp[i] = Math.exp(-flipCost(i, 1.0));
            expLow[i] = Math.exp(-flipCost(i, low));
        }
    }

    /** {@code c_i}: the part of {@code dF_i} from unit {@code i}'s own terms, flipping it from {@code vi}. */
    private double flipCost(int i, double vi) {
        double delta = spinVisible ? -2.0 * vi : 1.0 - 2.0 * vi;
        double vn = vi + delta;
        return e.quadratics()[i] * (vn * vn - vi * vi) - e.visibleBiases()[i] * delta;
    }

    /** Another kernel on the same tables, for another thread. */
    PseudoLikelihoodKernel twin() {
        return new PseudoLikelihoodKernel(e, w, up, down);
    }

    /** {@code W} (sign 0) or {@code e^{sign * step * W}} as rows. */
    private static double[][] rows(BipartiteEnergy e, int sign) {
        double s = sign * (e.visibleDomain() == Domain.SPIN ? 2.0 : 1.0);
        int nv = e.visibleSize();
        int nh = e.hiddenSize();
        double[] flat = e.weights();
        double[][] t = new double[nv][nh];
        for (int i = 0; i < nv; i++) {
            for (int j = 0; j < nh; j++) {
                double wij = flat[i * nh + j];
                t[i][j] = sign == 0 ? wij : Math.exp(s * wij);
            }
        }
        return t;
    }

    /** {@code sum_i ln q(v_i | v_-i)} for the row at {@code offset} of {@code rows}. */
    double rowSum(double[] rows, int offset) {
        System.arraycopy(e.hiddenBiases(), 0, x, 0, nh);
        for (int i = 0; i < nv; i++) {
            double vi = rows[offset + i];
            if (vi != 0.0) {
                Layers.axpy(x, vi, w[i]);
            }
        }
        // Ratio coefficients per hidden unit, arranged so no exponential can overflow; the
        // exponentials e^{-|x|} (e^{-2|x|} for spins) of all units in one kernel call.
        Arrays.fill(moderate, true);
        kernels.expOfMinusAbs(x, spinHidden ? 2.0 : 1.0, ratio, nh);
        for (int j = 0; j < nh; j++) {
            double xj = x[j];
            moderate[j / GROUP] &= Math.abs(xj) <= LARGE_FIELD;
            double t = ratio[j];
            gamma[j] = 1.0 / (1.0 + t);
            if (spinHidden) {
                // (e^{x+d} + e^{-x-d}) / (e^x + e^{-x}) = (alpha P + beta / P) gamma
                alpha[j] = xj <= 0 ? t : 1.0;
                beta[j] = xj <= 0 ? 1.0 : t;
            } else {
                // (1 + e^{x+d}) / (1 + e^x) = (alpha + beta P) gamma
                alpha[j] = xj <= 0 ? 1.0 : t;
                beta[j] = xj <= 0 ? t : 1.0;
            }
        }
        boolean allModerate = true;
        for (boolean m : moderate) {
            allModerate &= m;
        }
        for (int j = 0; j < nh; j++) {
            ag[j] = alpha[j] * gamma[j];
            bg[j] = beta[j] * gamma[j];
        }
        double total = 0;
        // ln q_i = -ln(1 + t_i) for most units: the factors 1 + t_i (each at least 1) multiplied
        // while the product stays below 1e300, one logarithm for many units.
        double factors = 1.0;
        for (int i = 0; i < nv; i++) {
            double vi = rows[offset + i];
            double delta = spinVisible ? -2.0 * vi : 1.0 - 2.0 * vi;
            boolean rising = delta > 0;
            double[] p = rising ? up[i] : down[i];
            double[] q = rising ? down[i] : up[i];
            if (allModerate) {
                // Usually the whole row's product P is in range: then exp(-dF) = P e^{-c} and
                // ln q = -ln(1 + P e^{-c}), one logarithm for all hidden units. The product is
                // a kernel: one multiply-add and one multiply per hidden unit, in SIMD lanes;
                // for binary hiddens four units' products at once, side by side.
                double prod;
                int group = i - i % 4;
                if (spinHidden) {
                    prod = kernels.productOfPairs(ag, p, bg, q, nh);
                } else if (group + 4 <= nv) {
                    if (i == group) {
                        kernels.productsOfAffine(ag, bg, flips(rows, offset, i), flips(rows, offset, i + 1),
                                flips(rows, offset, i + 2), flips(rows, offset, i + 3), nh, four);
                    }
                    prod = four[i - group];
                } else {
                    prod = kernels.productOfAffine(ag, bg, p, nh);
                }
                double t = prod * (vi == 1.0 ? expUp[i] : expLow[i]);
                if (t > 1e-300 && t < 1e300) {
                    if (t > 1e150 || factors > 1e150) {
                        total -= Math.log(factors);
                        factors = 1.0;
                    }
                    if (t > 1e150) {
                        total -= Math.log(t);   // 1 + t rounds to t
                    } else {
                        factors *= 1.0 + t;
                    }
                    continue;
                }
            }
            if (spinHidden) {
                for (int j = 0; j < nh; j++) {
                    ratio[j] = ag[j] * p[j] + bg[j] * q[j];
                }
            } else {
                for (int j = 0; j < nh; j++) {
                    ratio[j] = ag[j] + bg[j] * p[j];
                }
            }
            double s = 0;
            for (int g = 0; g < nh; g += GROUP) {
                int end = Math.min(nh, g + GROUP);
                double prod = moderate[g / GROUP] ? product(g, end) : Double.NaN;
                s += prod > 1e-300 && prod < 1e300 ? Math.log(prod) : direct(w[i], g, end, delta);
            }
            // ln q(v_i | rest) = -softplus(-dF)
            total -= softplus(s - flipCost(i, vi));
        }
        return total - Math.log(factors);
    }

    /** {@code e^{delta W_i}} of unit {@code i} of the row at {@code offset} flipped from its value: the row {@link #rowSum} multiplies. */
    private double[] flips(double[] rows, int offset, int i) {
        double vi = rows[offset + i];
        double delta = spinVisible ? -2.0 * vi : 1.0 - 2.0 * vi;
        return delta > 0 ? up[i] : down[i];
    }

    /** The product of {@code ratio[from..to)}, with eight independent products to hide the multiplications' latency. */
    private double product(int from, int to) {
        double p0 = 1;
        double p1 = 1;
        double p2 = 1;
        double p3 = 1;
        double p4 = 1;
        double p5 = 1;
        double p6 = 1;
        double p7 = 1;
        int j = from;
        for (; j + 7 < to; j += 8) {
            p0 *= ratio[j];
            p1 *= ratio[j + 1];
            p2 *= ratio[j + 2];
            p3 *= ratio[j + 3];
            p4 *= ratio[j + 4];
            p5 *= ratio[j + 5];
            p6 *= ratio[j + 6];
            p7 *= ratio[j + 7];
        }
        for (; j < to; j++) {
            p0 *= ratio[j];
        }
        return ((p0 * p1) * (p2 * p3)) * ((p4 * p5) * (p6 * p7));
    }

    /** {@code sum_j G(x_j + delta W_ij) - G(x_j)} term by term, for groups beyond the product's range. */
    private double direct(double[] wi, int from, int to, double delta) {
        double s = 0;
        for (int j = from; j < to; j++) {
            double x0 = x[j];
            double x1 = x0 + delta * wi[j];
            s += spinHidden ? logTwoCosh(x1) - logTwoCosh(x0) : softplus(x1) - softplus(x0);
        }
        return s;
    }

    static double softplus(double z) {
        return Math.max(z, 0.0) + Elementary.log1p(Math.exp(-Math.abs(z)));
    }

    static double logTwoCosh(double z) {
        double a = Math.abs(z);
        return a + Elementary.log1p(Math.exp(-2.0 * a));
    }
}
