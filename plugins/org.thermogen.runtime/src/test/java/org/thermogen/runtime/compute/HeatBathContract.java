package org.thermogen.runtime.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.mcmc.MultiSpinLattice;
import org.thermogen.runtime.mcmc.SparseCouplings;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.testmodels.Lattice;
import org.thermogen.runtime.testmodels.RandomMachines;

/**
 * What every backend's {@link DenseKernels#heatBathFour} must do: set each chain's unit to 1
 * with probability {@code t(c) / 2^53} exactly (0 and 1 included), each chain and each
 * position on random bits of its own, the same bits from the same state, nothing outside
 * {@code [from, to)} touched, the changes counted; and, run by {@link MultiSpinLattice},
 * sample the Boltzmann distribution of small lattices within the total variation an exact
 * enumeration allows. A backend's test extends this class and names its kernels.
 */
public abstract class HeatBathContract {
    /** Positions updated: three blocks of eight and three left over, so SIMD versions run their tail too. */
    private static final int TARGETS = 27;
    private static final int REPEATS = 3000;
    /** Thresholds for 0 to 4 neighbours up: never, about 0.3, exactly 1/2, about 0.77 with the last bit set, always. */
    private static final long[] T = {0L, (long) Math.ceil(0.3 * 0x1p53), 1L << 52, (long) Math.ceil(0.77 * 0x1p53) | 1L,
        1L << 53};

    /** The kernels under test. */
    protected abstract DenseKernels kernels();

    /** Threshold bits level by level as {@code MultiSpinLattice} lays them out. */
    private static long[] levels(long[] t) {
        int lowest = 52;
        for (long v : t) {
            if (v != 0 && v != 1L << 53) {
                lowest = Math.min(lowest, Long.numberOfTrailingZeros(v));
            }
        }
        long[] out = new long[(53 - lowest) * 5];
        for (int j = 0; j < 53 - lowest; j++) {
            long[] leaf = new long[5];
            for (int c = 0; c < 5; c++) {
                leaf[c] = (t[c] >>> (52 - j) & 1) != 0 ? -1L : 0L;
            }
            out[j * 5] = leaf[0];
            out[j * 5 + 1] = leaf[0] ^ leaf[1];
            out[j * 5 + 2] = leaf[2];
            out[j * 5 + 3] = leaf[2] ^ leaf[3];
            out[j * 5 + 4] = leaf[4];
        }
        return out;
    }

    /** The chains decided at once, laid out as a level: {@code L0, L0^L1, L2, L2^L3, L4}. */
    private static long[] certain(long[] t) {
        long[] l = new long[5];
        for (int c = 0; c < 5; c++) {
            l[c] = t[c] == 1L << 53 ? -1L : 0L;
        }
        return new long[] {l[0], l[0] ^ l[1], l[2], l[2] ^ l[3], l[4]};
    }

    /** Targets at [0, 27), their neighbours after them; in chain l, target i has (l + i) mod 5 neighbours up. */
    private static long[] words() {
        long[] w = new long[TARGETS * 5];
        for (int i = 0; i < TARGETS; i++) {
            for (int l = 0; l < 64; l++) {
                int up = (l + i) % 5;
                for (int q = 0; q < up; q++) {
                    w[TARGETS + q * TARGETS + i] |= 1L << l;
                }
            }
        }
        return w;
    }

    /** Neighbour q of target i at TARGETS + q TARGETS + i, slot-major with stride TARGETS. */
    private static int[] neighbours() {
        int[] nb = new int[4 * TARGETS];
        for (int q = 0; q < 4; q++) {
            for (int i = 0; i < TARGETS; i++) {
                nb[q * TARGETS + i] = TARGETS + q * TARGETS + i;
            }
        }
        return nb;
    }

    private static long[] state(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] s = new long[DenseKernels.HEAT_BATH_STATE];
        for (int j = 0; j < s.length; j++) {
            s[j] = r.nextLong() | 1L;
        }
        return s;
    }

    /**
     * Over 3000 passes, each count's chains go up as often as {@code t(c) / 2^53} says, within
     * five standard errors (about 0.003 for 0.5); never and always exactly. Pairs of chains
     * with the same count, and neighbouring positions in one chain, are uncorrelated within
     * five standard errors: chains or positions sharing random bits would correlate by up to
     * 0.25.
     */
    @Test
    void eachChainGoesUpWithItsThresholdsProbabilityOnBitsOfItsOwn() {
        DenseKernels k = kernels();
        long[] w = words();
        int[] nb = neighbours();
        long[] lv = levels(T);
        long[] sure = certain(T);
        long[] state = state(3);
        long[] ups = new long[5];
        long[] trials = new long[5];
        double[] lanePair = new double[4];   // sum x, sum y, sum xy, count
        double[] positionPair = new double[4];
        for (int rep = 0; rep < REPEATS; rep++) {
            k.heatBathFour(w, nb, 0, TARGETS, 0, TARGETS, lv, sure, -1L, state);
            for (int i = 0; i < TARGETS; i++) {
                for (int l = 0; l < 64; l++) {
                    int up = (l + i) % 5;
                    trials[up]++;
                    ups[up] += w[i] >>> l & 1;
                }
            }
            // Chains 2 and 7 of target 0 both have 2 neighbours up (p = 1/2).
            accumulate(lanePair, w[0] >>> 2 & 1, w[0] >>> 7 & 1);
            // Target 0 in chain 2 and target 5 in chain 2 likewise; they sit in one SIMD block.
            accumulate(positionPair, w[0] >>> 2 & 1, w[5] >>> 2 & 1);
        }
        for (int c = 0; c < 5; c++) {
            double p = T[c] / 0x1p53;
            double f = (double) ups[c] / trials[c];
            double se = Math.sqrt(Math.max(p * (1 - p), 1e-12) / trials[c]);
            if (p == 0 || p == 1) {
                assertEquals(p, f, 0.0, c + " neighbours up");
            } else {
                assertEquals(p, f, 5 * se, c + " neighbours up");
            }
        }
        double bound = 5 * 0.25 / Math.sqrt(REPEATS);
        assertEquals(0, covariance(lanePair), bound, "two chains of one position");
        assertEquals(0, covariance(positionPair), bound, "two positions of one chain");
    }

    private static void accumulate(double[] s, long x, long y) {
        s[0] += x;
        s[1] += y;
        s[2] += x * y;
        s[3]++;
    }

    private static double covariance(double[] s) {
        return s[2] / s[3] - (s[0] / s[3]) * (s[1] / s[3]);
    }

    /** The same words, neighbours and state give the same bits; only [from, to) changes; changes are counted in the mask. */
    @Test
    void sameStateSameBitsOnlyTheRangeChangesAndChangesAreCounted() {
        DenseKernels k = kernels();
        long[] lv = levels(T);
        long[] sure = certain(T);
        long[] w1 = words();
        long[] w2 = words();
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < TARGETS; i++) {
            w1[i] = r.nextLong();
            w2[i] = w1[i];
        }
        long[] s1 = state(9);
        long[] s2 = state(9);
        long mask = 0x00FF_FFFF_0000_FFFFL;
        for (int from : new int[] {0, 3}) {
            for (int to : new int[] {TARGETS, 20}) {
                long[] before = w1.clone();
                long changed = k.heatBathFour(w1, neighbours(), 0, TARGETS, from, to, lv, sure, mask, s1);
                long expected = 0;
                for (int i = 0; i < w1.length; i++) {
                    if (i < from || i >= to) {
                        assertEquals(before[i], w1[i], "word " + i + " outside [" + from + ", " + to + ")");
                    } else {
                        expected += Long.bitCount((before[i] ^ w1[i]) & mask);
                    }
                }
                assertEquals(expected, changed);
                k.heatBathFour(w2, neighbours(), 0, TARGETS, from, to, lv, sure, mask, s2);
                for (int i = from; i < to; i++) {
                    assertEquals(w1[i] & mask, w2[i] & mask, "word " + i);
                }
            }
        }
        assertArrayEquals(s1, s2);
    }

    /**
     * The kernels drive {@link MultiSpinLattice} on 3 x 3 periodic lattices (every unit four
     * neighbours), spins and binary units, weak and strong fields (the strong one makes
     * {@code t(c) = 2^53}), and on an open 3 x 3 spin lattice (corners, edges and the middle:
     * two, three and four neighbours): 64 chains x 4000 sweeps, every chain's state counted,
     * within total variation 0.02 of the exact distribution by enumeration of the 512 states (the bound of
     * {@code ChainsTest.theFastKernelsSampleTheSameDistributionAsTheDenseOne}; with 256 000
     * draws a wrong law such as the field reversed lies above 0.1).
     */
    @Test
    void multiSpinChainsSampleTheBoltzmannDistribution() {
        PairwiseEnergy[] machines = {new Lattice(3, 3, Domain.SPIN).energyAt(0.35, 0.1),
            new Lattice(3, 3, Domain.BINARY).energyAt(0.5, -0.9), new Lattice(3, 3, Domain.BINARY).energyAt(-0.4, 40),
            open(3, 3, 0.3, -0.2)};
        for (PairwiseEnergy e : machines) {
            int n = e.size();
            double[] p = RandomMachines.probabilities(e);
            MultiSpinLattice chains = new MultiSpinLattice(SparseCouplings.of(e), 64, new SplittableRandom(21),
                    kernels());
            double[] counts = new double[p.length];
            double[] s = new double[n];
            int sweeps = 4000;
            for (int i = 0; i < 50; i++) {
                chains.sweep();
            }
            for (int i = 0; i < sweeps; i++) {
                chains.sweep();
                for (int l = 0; l < 64; l++) {
                    counts[RandomMachines.index(chains.state(l, s), 0, n)]++;
                }
            }
            double tv = 0;
            for (int i = 0; i < p.length; i++) {
                tv += 0.5 * Math.abs(counts[i] / (64.0 * sweeps) - p[i]);
            }
            assertTrue(tv < 0.02, n + " units: total variation " + tv);
        }
    }

    /** An open {@code rows x cols} spin lattice with coupling {@code j} and field {@code h}. */
    private static PairwiseEnergy open(int rows, int cols, double j, double h) {
        PairwiseEnergy e = new PairwiseEnergy(rows * cols, Domain.SPIN);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int k = r * cols + c;
                e.setBias(k, h);
                if (r + 1 < rows) {
                    e.setPair(k, k + cols, j);
                }
                if (c + 1 < cols) {
                    e.setPair(k, k + 1, j);
                }
            }
        }
        return e;
    }
}
