package org.thermogen.runtime.rbm;

import java.util.Arrays;
import org.thermogen.runtime.energy.BipartiteEnergy;
import org.thermogen.runtime.model.Domain;

/**
 * Visits every state of one layer of an RBM with the other layer summed out analytically:
 * the log weight of a state {@code u} of the walked layer is
 * <pre>
 *   ln sum_o exp(-E(u, o)) = -c0 + beta . u + sum_k g(phi_k),   phi = gamma + u M
 * </pre>
 * where {@code beta} are the walked layer's biases, {@code gamma} the other layer's,
 * {@code M} the weights oriented from the walked layer, and {@code g} the other layer's
 * log normalizer per unit: {@code ln(1 + e^phi)} for binary, {@code ln 2 cosh phi} for
 * spin, and for a real visible the Gaussian integral
 * {@code ln int exp(-a t^2 + phi t) dt = ln sqrt(pi / a) + phi^2 / (4 a)}.
 *
 * <p>States come in Gray-code order, so each step flips one unit and updates {@code phi}
 * by one row of {@code M}. The top units fix a chunk (a count that depends on the layer's
 * size only); inside a chunk, every block of {@code 2^10} states starts from fields
 * recomputed exactly, so rounding never drifts over more than one block.
 */
final class LayerWalk {
    /** Largest layer that may be walked: 2^20 states. */
    static final int MAX_UNITS = 20;
    private static final int BLOCK_BITS = 10;
    private static final int MAX_CHUNK_BITS = 6;
    /** Factors per product in {@link #otherLog}, minus one: 512 factors of at most 2 stay below 2^512. */
    private static final int PRODUCT_SPAN = 511;

    /** Receives each state of a chunk with its log weight. */
    interface Visitor {
        void visit(double logWeight, double[] state);
    }

    final boolean hidden;
    final int m;
    final int o;
    final double lo;
    final double flip;
    private final Domain otherDomain;
    private final double[] beta;
    private final double[] gamma;
    private final double[][] mRows;
    private final double[] quad;
    private final double[] gaussConst;
    private final double c0;
    final int chunkBits;
    final int blockBits;
    final int middleBits;

    /**
     * @param walkHidden walk the hidden layer (summing the visibles out) or the visible one
     */
    LayerWalk(BipartiteEnergy e, boolean walkHidden) {
        int nv = e.visibleSize();
        int nh = e.hiddenSize();
        this.hidden = walkHidden;
        this.m = walkHidden ? nh : nv;
        this.o = walkHidden ? nv : nh;
        Domain own = walkHidden ? e.hiddenDomain() : e.visibleDomain();
        if (own == Domain.REAL) {
            throw new IllegalArgumentException("real visible units cannot be enumerated; walk the hidden layer");
        }
        this.lo = own == Domain.SPIN ? -1.0 : 0.0;
        this.flip = own == Domain.SPIN ? 2.0 : 1.0;
        this.otherDomain = walkHidden ? e.visibleDomain() : e.hiddenDomain();
        this.beta = (walkHidden ? e.hiddenBiases() : e.visibleBiases()).clone();
        this.gamma = (walkHidden ? e.visibleBiases() : e.hiddenBiases()).clone();
        double[][] w = new double[nv][nh];
        double[][] wt = new double[nh][nv];
        Layers.split(e.weights(), nv, nh, w, wt);
        this.mRows = walkHidden ? wt : w;
        this.c0 = e.constant();
        if (otherDomain == Domain.REAL) {
            this.quad = e.quadratics().clone();
            this.gaussConst = new double[o];
            for (int k = 0; k < o; k++) {
                gaussConst[k] = 0.5 * Math.log(Math.PI / quad[k]);
            }
        } else {
            this.quad = null;
            this.gaussConst = null;
        }
        this.chunkBits = Math.max(0, Math.min(MAX_CHUNK_BITS, m - BLOCK_BITS));
        this.blockBits = Math.min(m - chunkBits, BLOCK_BITS);
        this.middleBits = m - chunkBits - blockBits;
    }

    int chunks() {
        return 1 << chunkBits;
    }

    /** Visits the states of one chunk in a fixed order. */
    void walk(int chunk, Visitor visitor) {
        double[] u = new double[m];
        double[] phi = new double[o];
        int lowSize = 1 << blockBits;
        int blocks = 1 << middleBits;
        for (int blk = 0; blk < blocks; blk++) {
            Arrays.fill(u, 0, blockBits, lo);
            for (int k = 0; k < middleBits; k++) {
                u[blockBits + k] = (blk >>> k & 1) != 0 ? 1.0 : lo;
            }
            for (int k = 0; k < chunkBits; k++) {
                u[m - chunkBits + k] = (chunk >>> k & 1) != 0 ? 1.0 : lo;
            }
            // Exact fields at the start of every block.
            System.arraycopy(gamma, 0, phi, 0, o);
            double lin = -c0;
            for (int k = 0; k < m; k++) {
                double uk = u[k];
                if (uk != 0.0) {
                    lin += beta[k] * uk;
                    Layers.axpy(phi, uk, mRows[k]);
                }
            }
            visitor.visit(lin + otherLog(phi), u);
            for (int t = 1; t < lowSize; t++) {
                int k = Integer.numberOfTrailingZeros(t);
                double d = u[k] == 1.0 ? -flip : flip;
                u[k] += d;
                lin += d * beta[k];
                Layers.axpy(phi, d, mRows[k]);
                visitor.visit(lin + otherLog(phi), u);
            }
        }
    }

    /**
     * {@code sum_k g(phi_k)}: the other layer summed (or integrated) out. For binary and spin
     * units {@code g = max(f, 0) + ln(1 + e^{-|f|})} (binary) or {@code |f| + ln(1 + e^{-2|f|})}
     * (spin): the logarithms are taken of products of up to 512 factors in [1, 2], one
     * logarithm instead of one per unit, and such a product cannot overflow.
     */
    private double otherLog(double[] phi) {
        switch (otherDomain) {
            case BINARY -> {
                double lin = 0;
                double log = 0;
                double prod = 1;
                for (int k = 0; k < o; k++) {
                    double f = phi[k];
                    lin += Math.max(f, 0.0);
                    prod *= 1.0 + Math.exp(-Math.abs(f));
                    if ((k & PRODUCT_SPAN) == PRODUCT_SPAN) {
                        log += Math.log(prod);
                        prod = 1;
                    }
                }
                return lin + log + Math.log(prod);
            }
            case SPIN -> {
                double lin = 0;
                double log = 0;
                double prod = 1;
                for (int k = 0; k < o; k++) {
                    double f = Math.abs(phi[k]);
                    lin += f;
                    prod *= 1.0 + Math.exp(-2.0 * f);
                    if ((k & PRODUCT_SPAN) == PRODUCT_SPAN) {
                        log += Math.log(prod);
                        prod = 1;
                    }
                }
                return lin + log + Math.log(prod);
            }
            default -> {
                double s = 0;
                for (int k = 0; k < o; k++) {
                    double f = phi[k];
                    s += gaussConst[k] + f * f / (4.0 * quad[k]);
                }
                return s;
            }
        }
    }

    /**
     * Sums {@code exp(logWeight)} over one chunk as {@code z * exp(shift)}, rescaling when a
     * state is far heavier than the current shift, so nothing overflows.
     */
    static final class Sum implements Visitor {
        private static final double MARGIN = 64.0;
        double shift;
        double z;
        private boolean started;

        @Override
        public void visit(double lw, double[] state) {
            if (!started) {
                // Non-finite parameters make the shift NaN, which callers report.
                shift = lw;
                started = true;
            }
            double d = lw - shift;
            if (d > MARGIN) {
                z *= Math.exp(-d);
                shift = lw;
                d = 0;
            }
            z += Math.exp(d);
        }
    }
}
