package org.thermogen.runtime.mcmc;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.thermogen.runtime.model.Domain;

/**
 * Single-site heat bath for a machine whose non-zero couplings all equal {@code J} and
 * whose fields all equal {@code b}, such as an Ising lattice: the local field of unit k is
 * {@code b + J m_k} with {@code m_k} the integer sum of its neighbours, so each possible
 * probability is computed once. The draw {@code nextDouble() < p} is decided in integers:
 * {@code nextDouble()} is {@code (nextLong() >>> 11) * 2^-53}, and for an integer
 * {@code u < 2^53}, {@code u * 2^-53 < p} exactly when {@code u < ceil(p * 2^53)}
 * (scaling by a power of two is exact), so the table holds those thresholds and the update
 * is bit-exact with the definition {@code p = 1 / (1 + exp(-g beta (b + J m)))}: no
 * approximation anywhere.
 *
 * <p>Units are visited colour by colour of a greedy colouring of the coupling graph (the
 * two halves of a checkerboard on a bipartite lattice): no unit's neighbour changes within
 * its colour, so consecutive updates do not wait for each other and the processor overlaps
 * them. The order of a sweep is fixed, so the chain is still a systematic-scan heat bath
 * with the right stationary distribution. Units are stored as bytes in that visiting order,
 * each neighbour list padded to the largest degree with a ghost unit that is always 0, so
 * every update runs the same branch-free code. The inner loop keeps no counts: the flips of
 * a sweep are the bytes that differ from a copy taken before it (eight at a time), and the
 * energy is computed on demand, exactly, from integer sums.
 */
final class LatticeChain extends Replica {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final int n;
    private final int degree;
    private final int offset;
    private final byte low;
    /** Units in visiting order, then the ghost; padded to whole longs for the flip count. */
    private final byte[] units;
    private final byte[] before;
    /** {@code order[i]}: the unit at position i. */
    private final int[] order;
    /** Neighbour positions of the unit at position i, {@code degree} of them from {@code i * degree}. */
    private final int[] neighbours;
    /** On a bipartite graph every coupling has one end among the first {@code firstColour} positions; else 0. */
    private final int firstColour;
    private final long[][] tables;
    private final double coupling;
    private final double field;
    private final double constant;
    private final double[] state;
    private final SplittableRandom random;
    private long[] table;

    /**
     * @param betas the inverse temperatures the chain may run at; it starts at the first
     * @param start the initial state, or null for a uniformly random one drawn from {@code random}
     */
    LatticeChain(SparseCouplings c, double[] betas, SplittableRandom random, double[] start) {
        if (!c.uniform() || c.maxDegree() > SparseCouplings.TABLE_DEGREE) {
            throw new IllegalArgumentException("a lattice chain needs equal couplings, equal fields and at most "
                    + SparseCouplings.TABLE_DEGREE + " neighbours per unit");
        }
        this.n = c.size();
        boolean spin = c.domain() == Domain.SPIN;
        this.degree = Math.max(1, c.maxDegree());
        this.offset = spin ? degree : 0;
        this.low = spin ? (byte) -1 : (byte) 0;
        this.coupling = c.coupling();
        this.field = c.field();
        this.constant = c.constant();
        this.random = random;
        this.state = new double[n];
        int[] colour = colours(c);
        int colours = 0;
        for (int k = 0; k < n; k++) {
            colours = Math.max(colours, colour[k] + 1);
        }
        this.order = new int[n];
        int[] position = new int[n];
        int i = 0;
        for (int col = 0; col < colours; col++) {
            for (int k = 0; k < n; k++) {
                if (colour[k] == col) {
                    position[k] = i;
                    order[i++] = k;
                }
            }
        }
        int first = 0;
        while (first < n && colour[order[first]] == 0) {
            first++;
        }
        this.firstColour = colours == 2 ? first : 0;
        // The ghost at position n stays 0: it pads short neighbour lists without adding to any sum.
        int padded = (n + 1 + 7) / 8 * 8;
        this.units = new byte[padded];
        this.before = new byte[padded];
        for (int k = 0; k < n; k++) {
            double v = start != null ? start[k] : random.nextBoolean() ? 1.0 : low;
            units[position[k]] = v == 1.0 ? 1 : low;
        }
        this.neighbours = new int[n * degree];
        java.util.Arrays.fill(neighbours, n);
        int[] st = c.starts();
        int[] nb = c.neighbours();
        for (int p = 0; p < n; p++) {
            int k = order[p];
            for (int j = st[k]; j < st[k + 1]; j++) {
                neighbours[p * degree + j - st[k]] = position[nb[j]];
            }
        }
        double[] scales = Replica.scales(betas, spin);
        this.tables = new long[betas.length][];
        for (int r = 0; r < betas.length; r++) {
            long[] t = new long[2 * degree + 1];
            for (int m = 0; m < t.length; m++) {
                double f = field + coupling * (m - offset);
                double p = 1.0 / (1.0 + Math.exp(scales[r] * f));
                t[m] = (long) Math.ceil(p * 0x1p53);
            }
            tables[r] = t;
        }
        this.table = tables[0];
    }

    /** A greedy colouring in index order: each unit takes the smallest colour none of its neighbours has. */
    static int[] colours(SparseCouplings c) {
        int n = c.size();
        int[] st = c.starts();
        int[] nb = c.neighbours();
        int[] colour = new int[n];
        java.util.Arrays.fill(colour, -1);
        boolean[] taken = new boolean[c.maxDegree() + 2];
        for (int k = 0; k < n; k++) {
            java.util.Arrays.fill(taken, false);
            for (int j = st[k]; j < st[k + 1]; j++) {
                int other = colour[nb[j]];
                if (other >= 0) {
                    taken[other] = true;
                }
            }
            int first = 0;
            while (taken[first]) {
                first++;
            }
            colour[k] = first;
        }
        return colour;
    }

    @Override
    public void sweep() {
        byte[] s = units;
        int[] nb = neighbours;
        long[] t = table;
        SplittableRandom r = random;
        byte lo = low;
        int off = offset;
        System.arraycopy(s, 0, before, 0, n);
        if (degree == 4) {
            // Square lattices: the common case, unrolled.
            for (int i = 0, b = 0; i < n; i++, b += 4) {
                int m = s[nb[b]] + s[nb[b + 1]] + s[nb[b + 2]] + s[nb[b + 3]];
                s[i] = (r.nextLong() >>> 11) < t[m + off] ? (byte) 1 : lo;
            }
        } else {
            int d = degree;
            for (int i = 0, b = 0; i < n; i++, b += d) {
                int m = 0;
                for (int j = b; j < b + d; j++) {
                    m += s[nb[j]];
                }
                s[i] = (r.nextLong() >>> 11) < t[m + off] ? (byte) 1 : lo;
            }
        }
        updates += n;
        flips += differences();
    }

    /**
     * Units that differ from {@link #before}: unit values differ in bit 0 (binary, 0 ^ 1) or
     * bit 1 (spins, 1 ^ -1 = 0xFE), so one popcount per eight units counts them.
     */
    private int differences() {
        int count = 0;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            long x = (long) LONGS.get(units, i) ^ (long) LONGS.get(before, i);
            count += Long.bitCount(x & 0x0303030303030303L);
        }
        for (; i < n; i++) {
            count += units[i] != before[i] ? 1 : 0;
        }
        return count;
    }

    /** The current state, refreshed from the packed units on each call. */
    @Override
    public double[] state() {
        for (int i = 0; i < n; i++) {
            state[order[i]] = units[i];
        }
        return state;
    }

    @Override
    void rung(int r) {
        table = tables[r];
    }

    /**
     * {@code c0 - b M - J B} with {@code M} the unit sum and {@code B} the bond sum, both exact
     * integers; on a bipartite graph the bonds are counted once from the first colour.
     */
    @Override
    double energy() {
        long bonds = 0;
        int d = degree;
        int last = firstColour > 0 ? firstColour : n;
        for (int i = 0; i < last; i++) {
            int si = units[i];
            if (si == 0) {
                continue;
            }
            int m = 0;
            for (int j = i * d; j < i * d + d; j++) {
                m += units[neighbours[j]];
            }
            bonds += (long) si * m;
        }
        if (firstColour == 0) {
            // Each bond was counted from both ends.
            bonds /= 2;
        }
        return constant - field * (double) unitSumExact() - coupling * (double) bonds;
    }

    private long unitSumExact() {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += units[i];
        }
        return sum;
    }

    @Override
    double unitSum() {
        return unitSumExact();
    }

    @Override
    SplittableRandom random() {
        return random;
    }
}
