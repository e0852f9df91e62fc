package org.thermogen.runtime.mcmc;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.thermogen.runtime.compute.Backend;
import org.thermogen.runtime.compute.DenseKernels;
import org.thermogen.runtime.model.Domain;

/**
 * Up to 64 independent heat-bath chains on one machine with equal couplings and equal
 * fields (an Ising lattice), updated together by multi-spin coding: bit {@code l} of the
 * {@code long} of a unit is that unit in chain {@code l}, so one pass of bitwise operations
 * updates the unit in every chain (Jacobs and Rebbi's replica coding, as in the fast Ising
 * codes since).
 *
 * <p>Each chain is exactly the heat bath of {@link LatticeChain}: unit k goes up with
 * probability {@code p = t(c) / 2^53}, where {@code c} is the number of its neighbours that are
 * up, {@code t(c) = ceil(p(c) 2^53)} the same integer thresholds, and the comparison of a
 * uniform 53-bit integer {@code U} with {@code t} is made one bit at a time from the top: at
 * the first bit where they differ, {@code U < t} if {@code t} has the 1. Bit {@code l} of each
 * random word is a bit of chain {@code l}'s own {@code U}, so the chains use disjoint random
 * bits and are independent; a level needs one word for all 64 chains, and all are decided
 * after about {@code log2(64) + 1.3} levels on average. The neighbour count {@code c} is summed
 * in bit planes (a carry-save adder), and the bit of {@code t(c)} at each level is a
 * multiplexer over those planes, so no chain branches on its own state.
 *
 * <p>Units are visited in the order of {@link LatticeChain} (colour by colour) and, within a
 * colour, grouped by their number of neighbours, so a unit with fewer neighbours (on an open
 * boundary) counts only those it has. Square-lattice units (four neighbours) are updated by
 * the backend's {@link DenseKernels#heatBathFour}: the scalar one draws from SplitMix64, the
 * vector one runs several units at a time on streams of its own, all seeded from the given
 * stream, so the chains are a pure function of the couplings, that stream and the backend.
 *
 * <pre>{@code
 * MultiSpinLattice chains = new MultiSpinLattice(couplings, 64, new SplittableRandom(1));
 * for (int s = 0; s < 1000; s++) {
 *     chains.sweep();
 * }
 * double[] chain7 = chains.state(7, new double[couplings.size()]);
 * }</pre>
 */
public final class MultiSpinLattice {
    /** Chains per word. */
    public static final int MAX_LANES = 64;
    /** Bits of {@code U}: {@code nextDouble()}'s resolution, as in {@link LatticeChain}. */
    private static final int BITS = 53;

    private final int n;
    private final int lanes;
    private final long laneMask;
    private final byte low;
    /** {@code order[i]}: the unit at position i. */
    private final int[] order;
    /** The units at each position, one chain per bit. */
    private final long[] words;
    /**
     * Neighbour positions, group by group, slot-major: neighbour q of position i of group g at
     * {@code neighbours[groupNeighbours[g] + q * size + i - start[g]]}, {@code size} the group's.
     */
    private final int[] neighbours;
    /** Groups of consecutive positions with one colour and one degree: group g is [start[g], start[g+1]). */
    private final int[] start;
    private final int[] degree;
    private final int[] groupNeighbours;
    /**
     * Per group, the bits of {@code t(c)} level by level from bit 52 down to the lowest set bit
     * of any {@code t(c)}: for degree 4, five words per level ({@code L0, L0^L1, L2, L2^L3, L4},
     * each all ones or all zeros) for the multiplexer; for other degrees, {@code degree + 1}.
     */
    private final long[][] levels;
    /**
     * Per group, the chains whose {@code t(c) = 2^53} (p = 1), decided up before any random bit:
     * for degree 4 laid out as a level, for others one word per count.
     */
    private final long[][] certain;
    /** The one-hot neighbour counts of the general path: {@code count[c]} has the chains with c up. */
    private final long[] count;
    private final DenseKernels kernels;
    /** The kernels' generator states and scratch; {@code state[0]} seeds the groups of other degrees too. */
    private final long[] state = new long[DenseKernels.HEAT_BATH_STATE];
    private long updates;
    private long flips;

    /**
     * @param c      a machine with equal couplings and fields and at most
     *               {@code SparseCouplings.TABLE_DEGREE} neighbours per unit
     * @param lanes  the number of chains, 1 to 64
     * @param random draws every chain's uniformly random initial state and seeds the updates
     * @throws IllegalArgumentException if the couplings are not equal or {@code lanes} is out of range
     */
    public MultiSpinLattice(SparseCouplings c, int lanes, SplittableRandom random) {
        this(c, lanes, random, Backend.kernels());
    }

    /**
     * The same chains on the given kernels rather than the runtime's choice.
     *
     * @param kernels the backend whose {@link DenseKernels#heatBathFour} updates square-lattice units
     */
    public MultiSpinLattice(SparseCouplings c, int lanes, SplittableRandom random, DenseKernels kernels) {
        this.kernels = kernels;
        if (!c.tabulable()) {
            throw new IllegalArgumentException("multi-spin coding needs equal couplings, equal fields and at most "
                    + SparseCouplings.TABLE_DEGREE + " neighbours per unit");
        }
        if (lanes < 1 || lanes > MAX_LANES) {
            throw new IllegalArgumentException("a multi-spin word holds 1 to " + MAX_LANES + " chains, not " + lanes);
        }
        this.n = c.size();
        this.lanes = lanes;
        this.laneMask = lanes == MAX_LANES ? -1L : (1L << lanes) - 1;
        boolean spin = c.domain() == Domain.SPIN;
        this.low = spin ? (byte) -1 : (byte) 0;
        int[] st = c.starts();
        int[] nb = c.neighbours();
        int[] colour = LatticeChain.colours(c);
        Integer[] byKey = new Integer[n];
        for (int k = 0; k < n; k++) {
            byKey[k] = k;
        }
        // Colour first (no unit's neighbour changes within a colour), then degree, then index.
        Arrays.sort(byKey, (a, b) -> colour[a] != colour[b] ? Integer.compare(colour[a], colour[b])
                : st[a + 1] - st[a] != st[b + 1] - st[b] ? Integer.compare(st[a + 1] - st[a], st[b + 1] - st[b])
                        : Integer.compare(a, b));
        this.order = new int[n];
        int[] position = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = byKey[i];
            position[byKey[i]] = i;
        }
        int groups = 0;
        int[] startTmp = new int[n + 1];
        for (int i = 0; i < n; i++) {
            int k = order[i];
            if (i == 0 || colour[k] != colour[order[i - 1]] || st[k + 1] - st[k] != st[order[i - 1] + 1] - st[order[i - 1]]) {
                startTmp[groups++] = i;
            }
        }
        startTmp[groups] = n;
        this.start = Arrays.copyOf(startTmp, groups + 1);
        this.degree = new int[groups];
        this.groupNeighbours = new int[groups];
        this.neighbours = new int[st[n]];
        this.levels = new long[groups][];
        this.certain = new long[groups][];
        double scale = Replica.scales(Chains.ROOM, spin)[0];
        int at = 0;
        for (int g = 0; g < groups; g++) {
            int d = st[order[start[g]] + 1] - st[order[start[g]]];
            degree[g] = d;
            groupNeighbours[g] = at;
            int size = start[g + 1] - start[g];
            for (int i = start[g]; i < start[g + 1]; i++) {
                int k = order[i];
                for (int j = st[k]; j < st[k + 1]; j++) {
                    neighbours[at + (j - st[k]) * size + i - start[g]] = position[nb[j]];
                }
            }
            at += d * size;
            long[] t = new long[d + 1];
            for (int up = 0; up <= d; up++) {
                // The neighbour sum m of LatticeChain: spins sum to 2 up - d, binary units to up.
                int m = spin ? 2 * up - d : up;
                double p = 1.0 / (1.0 + Math.exp(scale * (c.field() + c.coupling() * m)));
                t[up] = (long) Math.ceil(p * 0x1p53);
            }
            levels[g] = levelMasks(t);
            long[] sure = new long[d + 1];
            for (int up = 0; up <= d; up++) {
                sure[up] = t[up] == 1L << BITS ? -1L : 0L;
            }
            certain[g] = d == 4 ? multiplexed(sure) : sure;
        }
        this.count = new long[SparseCouplings.TABLE_DEGREE + 1];
        this.words = new long[n];
        for (int i = 0; i < n; i++) {
            words[i] = random.nextLong();
        }
        for (int j = 0; j < state.length; j++) {
            // xorshift-family generators must not start from zero
            long v = random.nextLong();
            state[j] = v == 0 ? 1 : v;
        }
    }

    /**
     * The bits of the thresholds as the sweep reads them: level by level from bit 52 to the
     * lowest bit set in any threshold (below it every chain still undecided has {@code U >= t}).
     */
    private static long[] levelMasks(long[] t) {
        int d = t.length - 1;
        int lowest = BITS - 1;
        for (long v : t) {
            if (v != 0 && v != 1L << BITS) {
                lowest = Math.min(lowest, Long.numberOfTrailingZeros(v));
            }
        }
        int count = BITS - lowest;
        int width = d + 1;
        long[] out = new long[count * width];
        for (int j = 0; j < count; j++) {
            int bit = BITS - 1 - j;
            long[] leaf = new long[d + 1];
            for (int up = 0; up <= d; up++) {
                leaf[up] = (t[up] >>> bit & 1) != 0 ? -1L : 0L;
            }
            System.arraycopy(d == 4 ? multiplexed(leaf) : leaf, 0, out, j * width, width);
        }
        return out;
    }

    /**
     * True if {@code chains} chains on {@code c} run faster 64 to a word than one at a time in
     * {@link LatticeChain}: measured on a periodic 128 x 128 lattice, one word costs 4.6 to 7 ns
     * per unit with the vector kernels and 20 to 31 ns with the scalar ones (1 to 64 chains),
     * one byte-packed chain 2.4 ns; so from 4 chains with SIMD, from 16 without.
     */
    public static boolean pays(SparseCouplings c, int chains) {
        return c.tabulable() && chains >= (Backend.kernels().name().equals("scalar") ? 16 : 4);
    }

    /** Five words of counts 0 to 4 as the square-lattice kernel's multiplexer reads them: {@code L0, L0^L1, L2, L2^L3, L4}. */
    private static long[] multiplexed(long[] leaf) {
        return new long[] {leaf[0], leaf[0] ^ leaf[1], leaf[2], leaf[2] ^ leaf[3], leaf[4]};
    }

    /** The number of chains. */
    public int lanes() {
        return lanes;
    }

    /** One pass over all units in every chain. */
    public void sweep() {
        for (int g = 0; g < degree.length; g++) {
            if (degree[g] == 4) {
                flips += kernels.heatBathFour(words, neighbours, groupNeighbours[g] - start[g], start[g + 1] - start[g],
                        start[g], start[g + 1], levels[g], certain[g], laneMask, state);
            } else {
                flips += sweepAny(g);
            }
        }
        updates += (long) n * lanes;
    }

    /** Any other degree: the chains with each count, one-hot, and a sum over counts per level. */
    private long sweepAny(int g) {
        long[] w = words;
        int[] nb = neighbours;
        int d = degree[g];
        int size = start[g + 1] - start[g];
        int base = groupNeighbours[g] - start[g];
        int width = d + 1;
        long[] lv = levels[g];
        int levelCount = lv.length / width;
        long[] sure = certain[g];
        long[] eq = count;
        long s = state[0];
        long changed = 0;
        for (int i = start[g]; i < start[g + 1]; i++) {
            eq[0] = -1L;
            for (int j = 0; j < d; j++) {
                long x = w[nb[base + j * size + i]];
                eq[j + 1] = eq[j] & x;
                for (int up = j; up > 0; up--) {
                    eq[up] = (eq[up] & ~x) | (eq[up - 1] & x);
                }
                eq[0] &= ~x;
            }
            long result = 0;
            for (int up = 0; up <= d; up++) {
                result |= eq[up] & sure[up];
            }
            long open = laneMask & ~result;
            for (int j = 0, o = 0; j < levelCount && open != 0; j++, o += width) {
                long tk = 0;
                for (int up = 0; up <= d; up++) {
                    tk |= eq[up] & lv[o + up];
                }
                long r = DenseKernels.splitMix64(s += DenseKernels.SPLITMIX_GAMMA);
                result |= open & tk & ~r;
                open &= ~(tk ^ r);
            }
            changed += Long.bitCount((w[i] ^ result) & laneMask);
            w[i] = result;
        }
        state[0] = s;
        return changed;
    }

    /**
     * Chain {@code lane}'s units, in unit order, as {@code 1} and {@code -1} (spins) or
     * {@code 0} (binary units).
     *
     * @return {@code out}
     */
    public double[] state(int lane, double[] out) {
        if (lane < 0 || lane >= lanes) {
            throw new IndexOutOfBoundsException("chain " + lane + " of " + lanes);
        }
        for (int i = 0; i < n; i++) {
            out[order[i]] = (words[i] >>> lane & 1) != 0 ? 1.0 : low;
        }
        return out;
    }

    /** Fraction of unit updates, over all chains, that changed the unit. */
    public double flipRate() {
        return updates == 0 ? 0 : (double) flips / updates;
    }
}
