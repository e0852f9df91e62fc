package org.thermogen.runtime.mcmc;

import java.util.Arrays;
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
 * <p>Units sit in a byte array and are visited colour by colour of a greedy colouring of
 * the coupling graph (the two halves of a checkerboard on a bipartite lattice): no unit's
 * neighbour changes within its colour, so consecutive updates do not wait for each other
 * and the processor overlaps them. The order of a sweep is fixed, so the chain is still a
 * systematic-scan heat bath with the right stationary distribution. Each unit's neighbour
 * list is padded to the largest degree with a ghost unit that is always 0, so every update
 * runs the same branch-free code. The energy is computed on demand, exactly, from integer
 * sums.
 */
final class LatticeChain extends Replica {
    private final int n;
    private final int degree;
    private final int offset;
    private final byte low;
    private final byte[] units;
    private final int[] order;
    private final int[] neighbours;
    private final long[][] tables;
    private final double coupling;
    private final double field;
    private final double constant;
    private final double[] state;
    private final SplittableRandom random;
    private long[] table;
    private long updates;
    private long flips;

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
        // The ghost unit n stays 0: it pads short neighbour lists without adding to any sum.
        this.units = new byte[n + 1];
        for (int k = 0; k < n; k++) {
            double v = start != null ? start[k] : random.nextBoolean() ? 1.0 : low;
            units[k] = v == 1.0 ? 1 : low;
        }
        this.order = colourOrder(c);
        this.neighbours = new int[n * degree];
        Arrays.fill(neighbours, n);
        int[] st = c.starts();
        int[] nb = c.neighbours();
        for (int i = 0; i < n; i++) {
            int k = order[i];
            for (int j = st[k]; j < st[k + 1]; j++) {
                neighbours[i * degree + j - st[k]] = nb[j];
            }
        }
        double[] scales = Replica.scales(betas, spin);
        this.tables = new long[betas.length][];
        for (int r = 0; r < betas.length; r++) {
            long[] t = new long[2 * degree + 1];
            for (int i = 0; i < t.length; i++) {
                int m = i - offset;
                double f = field + coupling * m;
                double p = 1.0 / (1.0 + Math.exp(scales[r] * f));
                t[i] = (long) Math.ceil(p * 0x1p53);
            }
            tables[r] = t;
        }
        this.table = tables[0];
    }

    /** Units grouped by the colour of a greedy colouring in index order, each group in index order. */
    private static int[] colourOrder(SparseCouplings c) {
        int n = c.size();
        int[] st = c.starts();
        int[] nb = c.neighbours();
        int[] colour = new int[n];
        Arrays.fill(colour, -1);
        boolean[] taken = new boolean[c.maxDegree() + 2];
        int colours = 0;
        for (int k = 0; k < n; k++) {
            Arrays.fill(taken, false);
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
            colours = Math.max(colours, first + 1);
        }
        int[] order = new int[n];
        int i = 0;
        for (int col = 0; col < colours; col++) {
            for (int k = 0; k < n; k++) {
                if (colour[k] == col) {
                    order[i++] = k;
                }
            }
        }
        return order;
    }

    @Override
    public void sweep() {
        byte[] s = units;
        int[] nb = neighbours;
        int[] ord = order;
        long[] t = table;
        SplittableRandom r = random;
        byte lo = low;
        int off = offset;
        int changed = 0;
        if (degree == 4) {
            // Square lattices: the common case, unrolled.
            for (int i = 0, b = 0; i < n; i++, b += 4) {
                int m = s[nb[b]] + s[nb[b + 1]] + s[nb[b + 2]] + s[nb[b + 3]];
                int k = ord[i];
                byte now = (r.nextLong() >>> 11) < t[m + off] ? (byte) 1 : lo;
                changed += now != s[k] ? 1 : 0;
                s[k] = now;
            }
        } else {
            int d = degree;
            for (int i = 0, b = 0; i < n; i++, b += d) {
                int m = 0;
                for (int j = b; j < b + d; j++) {
                    m += s[nb[j]];
                }
                int k = ord[i];
                byte now = (r.nextLong() >>> 11) < t[m + off] ? (byte) 1 : lo;
                changed += now != s[k] ? 1 : 0;
                s[k] = now;
            }
        }
        updates += n;
        flips += changed;
    }

    /** The current state, refreshed from the packed units on each call. */
    @Override
    public double[] state() {
        for (int k = 0; k < n; k++) {
            state[k] = units[k];
        }
        return state;
    }

    @Override
    public double flipRate() {
        return updates == 0 ? 0 : (double) flips / updates;
    }

    @Override
    void rung(int r) {
        table = tables[r];
    }

    /** {@code c0 - b M - J B} with {@code M} the unit sum and {@code B} the bond sum, both exact integers. */
    @Override
    double energy() {
        long sum = 0;
        long bonds = 0;
        int d = degree;
        for (int i = 0; i < n; i++) {
            int k = order[i];
            int sk = units[k];
            if (sk == 0) {
                continue;
            }
            sum += sk;
            int m = 0;
            for (int j = i * d; j < i * d + d; j++) {
                m += units[neighbours[j]];
            }
            bonds += (long) sk * m;
        }
        // Each bond was counted from both ends.
        return constant - field * sum - coupling * (bonds / 2);
    }

    @Override
    double unitSum() {
        long sum = 0;
        for (int k = 0; k < n; k++) {
            sum += units[k];
        }
        return sum;
    }

    @Override
    SplittableRandom random() {
        return random;
    }
}
