package org.thermogen.runtime.exact;

import java.util.Arrays;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.model.Domain;

/**
 * Weighted sums over the states of one chunk of a pairwise energy, in Gray-code order.
 *
 * <p>The units split into three groups: the lowest {@code m} units ("low") change inside
 * a block of {@code 2^m} states; the next ones ("middle") change once per block, again in
 * Gray-code order; the top {@code c} units are fixed by the chunk index. Inside a block
 * each step flips one low unit, so the energy changes by {@code -delta * f_j} and the
 * low units' local fields by an AXPY over the coupling row of {@code j}. At each block
 * start the energy and the fields are recomputed exactly, so rounding never drifts over
 * more than one block.
 *
 * <p>Weights {@code exp(-E - shift)} are stored per block by low pattern; at the end of a
 * block the pattern table is folded into the sums over states with each low unit up
 * ({@code 2 * 2^m} additions), which gives first moments of low units and their products
 * with the (constant) middle and top units. Products of two low units are summed once per
 * chunk from a table accumulated over its blocks. So moments cost about as much per state
 * as the partition function itself.
 *
 * <p>With a direction {@code v = (vW, vb)} the same sums are also taken with weights
 * {@code exp(-E) * u(s)}, {@code u(s) = sum_k vb_k s_k + sum_{k<l} vW_kl s_k s_l} (kept
 * up to date the same way), for covariance-vector products.
 */
final class PairwiseChunk {
    enum Mode {
        LOG_PARTITION, MOMENTS, COVARIANCE
    }

    /**
     * Weights are rescaled when a state is this much (in log units) heavier than the shift:
     * 2^24 states of weight e^64 sum to ~1e35, far from overflow, and rescaling stays rare.
     */
    static final double MARGIN = 64.0;

    private final int n;
    private final int m;
    private final int top;
    private final int middle;
    private final double lo;
    private final double hi;
    private final double[] w;
    private final double[] b;
    private final double c0;
    private final double[] vw;
    private final double[] vb;
    private final Mode mode;

    /** Sums of one chunk, all relative to {@code exp(shift)}. */
    static final class Sums {
        double shift;
        double z;
        final double[] mean;
        final double[] second;
        double zu;
        final double[] meanU;
        final double[] secondU;
        /** Weights per low pattern over the whole chunk: products of low units are summed from it once per enumeration. */
        double[] table;
        double[] tableU;

        Sums(int n, Mode mode) {
            boolean moments = mode != Mode.LOG_PARTITION;
            boolean cov = mode == Mode.COVARIANCE;
            mean = moments ? new double[n] : null;
            second = moments ? new double[n * n] : null;
            meanU = cov ? new double[n] : null;
            secondU = cov ? new double[n * n] : null;
        }

        void scale(double f) {
            z *= f;
            zu *= f;
            scale(mean, f);
            scale(second, f);
            scale(meanU, f);
            scale(secondU, f);
            scale(table, f);
            scale(tableU, f);
        }

        private static void scale(double[] a, double f) {
            if (a != null) {
                for (int i = 0; i < a.length; i++) {
                    a[i] *= f;
                }
            }
        }
    }

    PairwiseChunk(PairwiseEnergy e, PairwiseEnergy direction, Mode mode) {
        Enumeration.checkSize(e.size());
        this.n = e.size();
        this.m = lowBits(n);
        this.top = chunkBits(n);
        this.middle = n - m - top;
        this.lo = e.domain() == Domain.SPIN ? -1.0 : 0.0;
        this.hi = 1.0;
        this.w = e.couplings();
        this.b = e.biases();
        this.c0 = e.constant();
        this.vw = direction == null ? null : direction.couplings();
        this.vb = direction == null ? null : direction.biases();
        this.mode = mode;
    }

    int size() {
        return n;
    }

    static int lowBits(int n) {
        return Math.min(n, 10);
    }

    /** Number of top units fixed per chunk: a function of n alone. */
    static int chunkBits(int n) {
        return Math.min(n - lowBits(n), 6);
    }

    static int chunks(int n) {
        return 1 << chunkBits(n);
    }

    Sums run(int chunk) {
        final int lowSize = 1 << m;
        final boolean moments = mode != Mode.LOG_PARTITION;
        final boolean cov = mode == Mode.COVARIANCE;
        final double[] s = new double[n];
        Arrays.fill(s, lo);
        for (int t = 0; t < top; t++) {
            if ((chunk >>> t & 1) != 0) {
                s[n - top + t] = hi;
            }
        }
        // Low pattern bits: bit k set means unit k is up.
        int pattern = 0;
        final double[] f = new double[m];
        final double[] g = cov ? new double[m] : null;
        final double[] block = moments ? new double[lowSize] : null;
        final double[] blockU = cov ? new double[lowSize] : null;
        final double[] fold = moments ? new double[lowSize] : null;
        final double[] up = moments ? new double[m] : null;
        final double[] upU = cov ? new double[m] : null;
        final Sums r = new Sums(n, mode);
        final double[] table = moments ? new double[lowSize] : null;
        final double[] tableU = cov ? new double[lowSize] : null;
        r.table = table;
        r.tableU = tableU;
        final int blocks = 1 << middle;
        boolean first = true;
        for (int blk = 0; blk < blocks; blk++) {
            if (blk > 0) {
                int j = m + Integer.numberOfTrailingZeros(blk);
                s[j] = lo + hi - s[j];
            }
            double energy = energy(w, b, c0, s);
            fields(w, b, s, f);
            double u = 0;
            if (cov) {
                u = energy(vw, vb, 0.0, s) * -1.0;
                fields(vw, vb, s, g);
            }
            if (first) {
                r.shift = -energy;
                first = false;
            }
            double shift = r.shift;
            double lw = -energy - shift;
            if (lw > MARGIN) {
                rescale(r, lw, block, blockU);
                shift = r.shift = -energy;
                lw = 0;
            }
            double wt = Math.exp(lw);
            if (moments) {
                block[pattern] = wt;
                if (cov) {
                    blockU[pattern] = wt * u;
                }
            } else {
                r.z += wt;
            }
            for (int t = 1; t < lowSize; t++) {
                final int j = Integer.numberOfTrailingZeros(t);
                final double d = lo + hi - 2 * s[j];
                energy -= d * f[j];
                s[j] += d;
                final int row = j * n;
                for (int i = 0; i < m; i++) {
                    f[i] += w[row + i] * d;
                }
                if (cov) {
                    u += d * g[j];
                    for (int i = 0; i < m; i++) {
                        g[i] += vw[row + i] * d;
                    }
                }
                lw = -energy - shift;
                if (lw > MARGIN) {
                    rescale(r, lw, block, blockU);
                    shift = r.shift = -energy;
                    lw = 0;
                }
                wt = Math.exp(lw);
                if (moments) {
                    pattern ^= 1 << j;
                    block[pattern] = wt;
                    if (cov) {
                        blockU[pattern] = wt * u;
                    }
                } else {
                    r.z += wt;
                }
            }
            if (moments) {
                double bz = foldBlock(block, table, fold, up);
                addBlock(s, bz, up, r.mean, r.second);
                r.z += bz;
                if (cov) {
                    double bzu = foldBlock(blockU, tableU, fold, upU);
                    addBlock(s, bzu, upU, r.meanU, r.secondU);
                    r.zu += bzu;
                }
            }
        }
        return r;
    }

    private void rescale(Sums r, double lw, double[]... tables) {
        double factor = Math.exp(-lw);
        r.scale(factor);
        for (double[] t : tables) {
            if (t != null) {
                for (int i = 0; i < t.length; i++) {
                    t[i] *= factor;
                }
            }
        }
    }

    /**
     * Adds the block's weights into the chunk table, and writes into {@code up[k]} the sum
     * of the weights of the block's states with low unit {@code k} up. Returns the block's
     * total weight. Halving the table repeatedly reads each marginal off an upper half.
     */
    private double foldBlock(double[] block, double[] table, double[] fold, double[] up) {
        int len = block.length;
        for (int p = 0; p < len; p++) {
            table[p] += block[p];
            fold[p] = block[p];
        }
        for (int k = m - 1; k >= 0; k--) {
            int half = len >>> 1;
            double t = 0;
            for (int i = 0; i < half; i++) {
                t += fold[half + i];
                fold[i] += fold[half + i];
            }
            up[k] = t;
            len = half;
        }
        return fold[0];
    }

    /** Moments of one block: its high units are constant, its low units summed via {@code up}. */
    private void addBlock(double[] s, double bz, double[] up, double[] mean, double[] second) {
        final double d = hi - lo;
        for (int k = 0; k < m; k++) {
            double sk = lo * bz + d * up[k];
            mean[k] += sk;
            for (int j = m; j < n; j++) {
                second[k * n + j] += s[j] * sk;
            }
        }
        for (int j = m; j < n; j++) {
            double wj = s[j] * bz;
            mean[j] += wj;
            for (int l = j + 1; l < n; l++) {
                second[j * n + l] += wj * s[l];
            }
        }
    }

    /**
     * Adds the sums of products of two low units into {@code second}, from a table of
     * weights per low pattern (the chunks' tables combined).
     */
    void addLowPairs(double[] table, double[] second) {
        double[] val = new double[m];
        for (int p = 0; p < table.length; p++) {
            double t = table[p];
            if (t == 0) {
                continue;
            }
            for (int k = 0; k < m; k++) {
                val[k] = (p >>> k & 1) != 0 ? hi : lo;
            }
            for (int k = 0; k < m; k++) {
                double tk = t * val[k];
                if (tk == 0) {
                    continue;
                }
                int row = k * n;
                for (int l = k + 1; l < m; l++) {
                    second[row + l] += tk * val[l];
                }
            }
        }
    }

    /** {@code c0 - sum_k b_k s_k - sum_{k<l} W_kl s_k s_l}. */
    static double energy(double[] w, double[] b, double c0, double[] s) {
        int n = b.length;
        double e = c0;
        for (int k = 0; k < n; k++) {
            double sk = s[k];
            if (sk == 0.0) {
                continue;
            }
            double fk = b[k];
            int row = k * n;
            for (int l = k + 1; l < n; l++) {
                fk += w[row + l] * s[l];
            }
            e -= sk * fk;
        }
        return e;
    }

    /** Local fields of the first {@code f.length} units. */
    private static void fields(double[] w, double[] b, double[] s, double[] f) {
        int n = b.length;
        for (int k = 0; k < f.length; k++) {
            double fk = b[k];
            int row = k * n;
            for (int l = 0; l < n; l++) {
                fk += w[row + l] * s[l];
            }
            f[k] = fk;
        }
    }
}
