package org.thermogen.runtime.compute;

/**
 * The float32 kernels of a dense layer {@code z = x W + b} and its gradients, on row-major
 * arrays. {@code x} has {@code rows} rows of {@code nIn}; {@code W} is {@code nIn x nOut}
 * at {@code w[wOff]}, the bias {@code nOut} values at {@code w[bOff]}; {@code z}, {@code d}
 * (dLoss/dz) have {@code rows} rows of {@code nOut}.
 *
 * <p>Contract for every implementation (checked by the runtime's {@code DenseKernelsContract}):
 * results within float32 rounding of the exact sums; deterministic (same inputs, same bits);
 * a row's results do not depend on the rows around it (what a batch holds does not change
 * any one example's output); no allocation; no threads.
 *
 * <pre>{@code
 * DenseKernels k = Backend.kernels();
 * k.affine(rows, nIn, nOut, x, w, wOff, bOff, z);          // z = x W + b
 * k.accumulateGradients(rows, nIn, nOut, x, d, g, wOff, bOff); // dW += x' d, db += sum_r d
 * k.inputGradient(rows, nIn, nOut, d, wt, wtOff, dx);      // dx = d W', W' stored nOut x nIn
 * }</pre>
 *
 * <p>The input gradient takes the weights transposed so that every kernel is a sum of rows
 * scaled by scalars: no sum runs across SIMD lanes, whose order a JIT may change.
 */
public interface DenseKernels {

    /** The backend's name, as {@code --backend} takes it ({@code scalar}, {@code vector}). */
    String name();

    /**
     * {@code z[r, j] = w[bOff + j] + sum_k x[r, k] w[wOff + k nOut + j]}, the sum in the order
     * {@code k = 0, 1, ...}; without a bias when {@code bOff} is negative.
     */
    void affine(int rows, int nIn, int nOut, float[] x, float[] w, int wOff, int bOff, float[] z);

    /**
     * {@code g[wOff + k nOut + j] += sum_r x[r, k] d[r, j]} and {@code g[bOff + j] += sum_r d[r, j]}.
     */
    void accumulateGradients(int rows, int nIn, int nOut, float[] x, float[] d, float[] g, int wOff, int bOff);

    /**
     * {@code dx[r, k] = sum_j d[r, j] wt[wtOff + j nIn + k]}: {@code wt} holds {@code W'}, the
     * weights transposed ({@code nOut x nIn}). The default is {@link #affine} without a bias.
     */
    default void inputGradient(int rows, int nIn, int nOut, float[] d, float[] wt, int wtOff, float[] dx) {
        affine(rows, nOut, nIn, d, wt, wtOff, -1, dx);
    }

    /**
     * {@code a[i] = max(z[i], 0)} for {@code i} in {@code [from, to)}; NaN stays NaN, so a
     * diverging network is noticed.
     */
    default void relu(float[] z, float[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            a[i] = Math.max(z[i], 0f);
        }
    }

    /** {@code d[i] = z[i] > 0 ? d[i] : 0} for {@code i} in {@code [0, n)}: back through a relu. */
    default void reluGradient(float[] z, float[] d, int n) {
        for (int i = 0; i < n; i++) {
            d[i] = z[i] > 0f ? d[i] : 0f;
        }
    }

    /**
     * {@code a[i] = z[i] sigmoid(z[i]) = z[i] / (1 + exp(-z[i]))} for {@code i} in
     * {@code [from, to)}, to float32 rounding (a few ulps).
     */
    default void silu(float[] z, float[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            a[i] = z[i] / (1f + (float) Math.exp(-z[i]));
        }
    }

    /**
     * {@code d[i] *= s + z s (1 - s)}, {@code s = sigmoid(z[i])}, for {@code i} in
     * {@code [0, n)}: back through a silu.
     */
    default void siluGradient(float[] z, float[] d, int n) {
        for (int i = 0; i < n; i++) {
            float s = 1f / (1f + (float) Math.exp(-z[i]));
            d[i] *= s + z[i] * s * (1f - s);
        }
    }

    /**
     * Adds the lower triangle of {@code W U'} (float64) to {@code out}: for {@code b <= a < d},
     * {@code out[o + a (a + 1) / 2 + b] += sum_{r < n} w[a stride + r] u[b stride + r]}, rows
     * of {@code W} and {@code U} of length {@code n} at {@code stride}. The scatter matrices
     * of EM's M-step, a block of rows at a time. Each sum is in a fixed order (the same bits
     * on every call), within float64 rounding of the exact one.
     */
    default void addLowerProducts(int d, int n, double[] w, double[] u, int stride, double[] out, int o) {
        int t = o;
        for (int a = 0; a < d; a++) {
            for (int b = 0; b <= a; b++) {
                out[t + b] += dot(w, a * stride, u, b * stride, n);
            }
            t += a + 1;
        }
    }

    /**
     * {@code t[tOff + c * rows + r] = a[aOff + r * cols + c]}: the {@code rows x cols} row-major
     * matrix at {@code a[aOff]} transposed into {@code t[tOff]} ({@code cols x rows}). The
     * networks' and the RBM's float32 weights, transposed for the products that run through
     * {@code W'} after every optimizer step. A copy: every backend writes the same values.
     */
    default void transpose(int rows, int cols, float[] a, int aOff, float[] t, int tOff) {
        final int tile = 16;
        for (int i0 = 0; i0 < rows; i0 += tile) {
            int i1 = Math.min(i0 + tile, rows);
            for (int j0 = 0; j0 < cols; j0 += tile) {
                int j1 = Math.min(j0 + tile, cols);
                for (int i = i0; i < i1; i++) {
                    for (int j = j0; j < j1; j++) {
                        t[tOff + j * rows + i] = a[aOff + i * cols + j];
                    }
                }
            }
        }
    }

    /**
     * {@code y[yOff + i] += a * x[xOff + i]} for {@code i < n}, in float64: each element one
     * multiplication and one addition (never fused into one rounding), so every backend writes
     * the same bits. What the generated models' couplings copy whole parameter blocks with
     * ({@code BipartiteEnergy.addPairs}): the JIT does not vectorize that loop by itself, as
     * {@code x} and {@code y} could be one array at offsets closer than a vector. When they
     * are one array and {@code y} starts inside {@code x}'s range after it, the elements are
     * taken in order, as this loop does.
     */
    default void axpy(int n, double a, double[] x, int xOff, double[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += a * x[xOff + i];
        }
    }

    /**
     * {@code sum_{r < len} a[ao + r] b[bo + r]} in float64 along four accumulators, so that the
     * additions overlap; the order is fixed, so the same inputs give the same bits.
     */
    static double dot(double[] a, int ao, double[] b, int bo, int len) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int r = 0;
        for (; r + 3 < len; r += 4) {
            s0 += a[ao + r] * b[bo + r];
            s1 += a[ao + r + 1] * b[bo + r + 1];
            s2 += a[ao + r + 2] * b[bo + r + 2];
            s3 += a[ao + r + 3] * b[bo + r + 3];
        }
        for (; r < len; r++) {
            s0 += a[ao + r] * b[bo + r];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * {@code a[i] = 1 / (1 + exp(-z[i]))} in float32 for {@code i} in {@code [from, to)}: an
     * RBM's conditional means in its float32 training. SIMD versions are within a few ulps of
     * this default, an element's bits the same wherever it falls.
     */
    default void sigmoid(float[] z, float[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            a[i] = 1f / (1f + (float) Math.exp(-z[i]));
        }
    }

    /**
     * {@code out[i] = 1 / (1 + exp(-x[i]))} in float64 for {@code i} in {@code [0, n)}: an
     * RBM's conditional means. The default is exactly that expression on {@link Math#exp};
     * SIMD versions are within a few ulps of it, the same bits on every call.
     */
    default void sigmoid(double[] x, double[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = 1.0 / (1.0 + Math.exp(-x[i]));
        }
    }

    /**
     * {@code out[j] = exp(-s |x[j]|)} for {@code j < n}: the exponentials a restricted Boltzmann
     * machine's pseudo-likelihood needs of every hidden field. Within a few ulps of
     * {@link Math#exp}; a backend gives the same bits wherever an element falls.
     */
    default void expOfMinusAbs(double[] x, double s, double[] out, int n) {
        for (int j = 0; j < n; j++) {
            out[j] = Math.exp(-s * Math.abs(x[j]));
        }
    }

    /**
     * Independent Bernoulli units from logits, element by element for {@code i < n}:
     * {@code logLikelihood[i] = x[i] l[i] - softplus(l[i])} and {@code mean[i] = sigmoid(l[i])},
     * both from the one exponential {@code e = exp(-|l|)}: {@code softplus(l) = max(l, 0) +
     * log1p(e)}, {@code sigmoid(l) = (l >= 0 ? 1 : e) / (1 + e)}. The log-likelihood of a VAE's
     * Bernoulli decoder and its gradient {@code x - mean}, which profiles found taking a sixth
     * of a training step as scalar {@code exp}, {@code log} and {@code exp} again per pixel.
     * The default is the scalar formulas of {@code nn.Activation} and {@code vae.Likelihood} to the bit;
     * SIMD versions are within a few ulps of them, the same bits wherever an element falls.
     */
    default void bernoulliFromLogits(double[] x, double[] logits, double[] logLikelihood, double[] mean, int n) {
        for (int i = 0; i < n; i++) {
            double l = logits[i];
            double e = Math.exp(-Math.abs(l));
            logLikelihood[i] = x[i] * l - (Math.max(l, 0.0) + Elementary.log1p(e));
            mean[i] = l >= 0 ? 1 / (1 + e) : e / (1 + e);
        }
    }

    /**
     * {@code prod_j (a[j] + b[j] p[j])} over {@code j < n} (each factor rounded as written, no
     * fused multiply-add): a restricted Boltzmann machine's pseudo-likelihood multiplies one
     * such ratio per hidden unit. Factor {@code j} goes to partial product {@code j mod 8}, and
     * the eight are combined as {@code ((p0 p1)(p2 p3))((p4 p5)(p6 p7))}; SIMD versions keep
     * that grouping, so every backend gives the same bits.
     */
    default double productOfAffine(double[] a, double[] b, double[] p, int n) {
        double p0 = 1;
        double p1 = 1;
        double p2 = 1;
        double p3 = 1;
        double p4 = 1;
        double p5 = 1;
        double p6 = 1;
        double p7 = 1;
        int j = 0;
        for (; j + 7 < n; j += 8) {
            p0 *= a[j] + b[j] * p[j];
            p1 *= a[j + 1] + b[j + 1] * p[j + 1];
            p2 *= a[j + 2] + b[j + 2] * p[j + 2];
            p3 *= a[j + 3] + b[j + 3] * p[j + 3];
            p4 *= a[j + 4] + b[j + 4] * p[j + 4];
            p5 *= a[j + 5] + b[j + 5] * p[j + 5];
            p6 *= a[j + 6] + b[j + 6] * p[j + 6];
            p7 *= a[j + 7] + b[j + 7] * p[j + 7];
        }
        // The tail: factor j still goes to p(j mod 8).
        if (j + 0 < n) {
            p0 *= a[j] + b[j] * p[j];
        }
        if (j + 1 < n) {
            p1 *= a[j + 1] + b[j + 1] * p[j + 1];
        }
        if (j + 2 < n) {
            p2 *= a[j + 2] + b[j + 2] * p[j + 2];
        }
        if (j + 3 < n) {
            p3 *= a[j + 3] + b[j + 3] * p[j + 3];
        }
        if (j + 4 < n) {
            p4 *= a[j + 4] + b[j + 4] * p[j + 4];
        }
        if (j + 5 < n) {
            p5 *= a[j + 5] + b[j + 5] * p[j + 5];
        }
        if (j + 6 < n) {
            p6 *= a[j + 6] + b[j + 6] * p[j + 6];
        }
        return ((p0 * p1) * (p2 * p3)) * ((p4 * p5) * (p6 * p7));
    }

    /**
     * {@link #productOfAffine} of four rows at once, {@code out[k] = productOfAffine(a, b, pk, n)}
     * with the same bits: a SIMD version runs the four products' multiplications side by side,
     * so each waits on its own chain less.
     *
     * @param out at least 32 long: the products in {@code out[0..3]}, the rest scratch
     */
    default void productsOfAffine(double[] a, double[] b, double[] p0, double[] p1, double[] p2, double[] p3, int n,
            double[] out) {
        out[0] = productOfAffine(a, b, p0, n);
        out[1] = productOfAffine(a, b, p1, n);
        out[2] = productOfAffine(a, b, p2, n);
        out[3] = productOfAffine(a, b, p3, n);
    }

    /** {@code prod_j (a[j] p[j] + b[j] q[j])} over {@code j < n}, grouped as {@link #productOfAffine}. */
    default double productOfPairs(double[] a, double[] p, double[] b, double[] q, int n) {
        double p0 = 1;
        double p1 = 1;
        double p2 = 1;
        double p3 = 1;
        double p4 = 1;
        double p5 = 1;
        double p6 = 1;
        double p7 = 1;
        int j = 0;
        for (; j + 7 < n; j += 8) {
            p0 *= a[j] * p[j] + b[j] * q[j];
            p1 *= a[j + 1] * p[j + 1] + b[j + 1] * q[j + 1];
            p2 *= a[j + 2] * p[j + 2] + b[j + 2] * q[j + 2];
            p3 *= a[j + 3] * p[j + 3] + b[j + 3] * q[j + 3];
            p4 *= a[j + 4] * p[j + 4] + b[j + 4] * q[j + 4];
            p5 *= a[j + 5] * p[j + 5] + b[j + 5] * q[j + 5];
            p6 *= a[j + 6] * p[j + 6] + b[j + 6] * q[j + 6];
            p7 *= a[j + 7] * p[j + 7] + b[j + 7] * q[j + 7];
        }
        // The tail: factor j still goes to p(j mod 8).
        if (j + 0 < n) {
            p0 *= a[j] * p[j] + b[j] * q[j];
        }
        if (j + 1 < n) {
            p1 *= a[j + 1] * p[j + 1] + b[j + 1] * q[j + 1];
        }
        if (j + 2 < n) {
            p2 *= a[j + 2] * p[j + 2] + b[j + 2] * q[j + 2];
        }
        if (j + 3 < n) {
            p3 *= a[j + 3] * p[j + 3] + b[j + 3] * q[j + 3];
        }
        if (j + 4 < n) {
            p4 *= a[j + 4] * p[j + 4] + b[j + 4] * q[j + 4];
        }
        if (j + 5 < n) {
            p5 *= a[j + 5] * p[j + 5] + b[j + 5] * q[j + 5];
        }
        if (j + 6 < n) {
            p6 *= a[j + 6] * p[j + 6] + b[j + 6] * q[j + 6];
        }
        return ((p0 * p1) * (p2 * p3)) * ((p4 * p5) * (p6 * p7));
    }

    /** Words of working memory {@link #heatBathFour} keeps between calls: generator states and scratch. */
    int HEAT_BATH_STATE = 32;

    /**
     * One pass of the multi-spin heat bath over positions {@code [from, to)} of one colour,
     * each with four neighbours: bit {@code l} of {@code words[i]} is position i's unit in chain
     * {@code l}, set to 1 with probability {@code t(c) / 2^53}, {@code c} the number of its
     * neighbours set in chain {@code l} (see {@code mcmc.MultiSpinLattice}, which owns the
     * layout). Each chain compares its own uniform 53-bit integer with {@code t(c)} from the
     * top bit down, one random word per level serving all 64 chains, until every chain in
     * {@code laneMask} is decided. The default runs one position at a time on SplitMix64 from
     * {@code state[0]}; a SIMD version runs several positions at a time on streams of its own
     * in {@code state}, so its chains are the same in law, not in bits. Same inputs and state,
     * same bits, on every call.
     *
     * @param neighbours neighbour q of position i at {@code neighbours[base + q * stride + i]}
     * @param levels     per level from bit 52 down, five words {@code L0, L0^L1, L2, L2^L3, L4},
     *                   {@code Lc} all ones where {@code t(c)} has that bit
     * @param certain    the chains decided up at once ({@code t(c) = 2^53}), five words laid out as a level's
     * @param state      {@link #HEAT_BATH_STATE} words, seeded with random, non-zero words
     * @return the number of chain units in {@code laneMask} that changed
     */
    default long heatBathFour(long[] words, int[] neighbours, int base, int stride, int from, int to, long[] levels,
            long[] certain, long laneMask, long[] state) {
        int levelCount = levels.length / 5;
        boolean anyCertain = (certain[0] | certain[1] | certain[2] | certain[3] | certain[4]) != 0;
        long seed = state[0];
        long changed = 0;
        for (int i = from; i < to; i++) {
            int b = base + i;
            long x0 = words[neighbours[b]];
            long x1 = words[neighbours[b + stride]];
            long x2 = words[neighbours[b + 2 * stride]];
            long x3 = words[neighbours[b + 3 * stride]];
            // Carry-save: c2 c1 c0 is the number of neighbours up, 0 to 4, in every chain at once.
            long s01 = x0 ^ x1;
            long k01 = x0 & x1;
            long s23 = x2 ^ x3;
            long k23 = x2 & x3;
            long c0 = s01 ^ s23;
            long c1 = k01 ^ k23 ^ (s01 & s23);
            long c2 = k01 & k23;
            long result = 0;
            long open = laneMask;
            if (anyCertain) {
                result = select(certain, 0, c0, c1, c2);
                open &= ~result;
            }
            for (int j = 0, o = 0; j < levelCount && open != 0; j++, o += 5) {
                long tk = select(levels, o, c0, c1, c2);
                long r = splitMix64(seed += SPLITMIX_GAMMA);
                result |= open & tk & ~r;
                open &= ~(tk ^ r);
            }
            changed += Long.bitCount((words[i] ^ result) & laneMask);
            words[i] = result;
        }
        state[0] = seed;
        return changed;
    }

    /** SplitMix64's increment (the golden ratio's fraction, 2^64 / phi). */
    long SPLITMIX_GAMMA = 0x9e3779b97f4a7c15L;

    /**
     * Bernoulli draws of {@code n} binary units from their means: {@code out[oOff + u]} is 1 if
     * draw {@code u + 1} of the SplitMix64 stream at {@code state} (the output for
     * {@code state + (u + 1) * SPLITMIX_GAMMA}, its top 53 bits as a double in {@code [0, 1)})
     * lies below {@code p[pOff + u]} widened to double, and 0 otherwise (the sign of their
     * difference). The stream is a counter, so no draw waits for the one before it: SIMD
     * versions compute the draws in lanes, to the bits of this loop. An RBM's float32 steps draw
     * their units with it, from {@code RowRandom}'s streams, which are this generator.
     */
    default void drawBelow(long state, float[] p, int pOff, float[] out, int oOff, int n) {
        long z = state;
        for (int u = 0; u < n; u++) {
            z += SPLITMIX_GAMMA;
            double x = (splitMix64(z) >>> 11) * 0x1.0p-53;
            out[oOff + u] = Double.doubleToRawLongBits(x - p[pOff + u]) >>> 63;
        }
    }

    /**
     * SplitMix64's output for the state {@code z} (already advanced by {@link #SPLITMIX_GAMMA}):
     * every bit as good as any other, which the multi-spin heat bath needs (bit l is chain l's).
     */
    static long splitMix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /**
     * The multiplexer of {@link #heatBathFour}: in each bit, the word of count {@code c2 c1 c0}
     * among five at {@code o}, given as {@code L0, L0^L1, L2, L2^L3, L4}.
     */
    private static long select(long[] w, int o, long c0, long c1, long c2) {
        long m01 = w[o] ^ (w[o + 1] & c0);
        long m23 = w[o + 2] ^ (w[o + 3] & c0);
        long m = m01 ^ ((m01 ^ m23) & c1);
        return m ^ ((m ^ w[o + 4]) & c2);
    }
}
