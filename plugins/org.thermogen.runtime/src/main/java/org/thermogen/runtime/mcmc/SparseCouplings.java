package org.thermogen.runtime.mcmc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.model.Domain;

/**
 * The non-zero couplings of a Boltzmann machine as neighbour lists (compressed rows, each
 * coupling listed from both ends, neighbours in increasing order), with its fields and
 * constant: {@code E(s) = c0 - sum_k b_k s_k - sum_{k<l} W_kl s_k s_l}. Lattices have a few
 * neighbours per unit, so a single-site update touches a few entries instead of a row of
 * {@code n}. It also records whether all non-zero couplings are one value and all fields
 * another ({@link #uniform()}), as on an Ising lattice: then a local field is
 * {@code b + J m} with {@code m} an integer, and a sampler can tabulate its probabilities.
 *
 * <pre>{@code
 * SparseCouplings c = SparseCouplings.of(eta);           // from a dense PairwiseEnergy
 * SparseCouplings lattice = SparseCouplings.builder(128 * 128, Domain.SPIN)
 *         .pair(k, l, 1.0) ... .build();                 // without the n x n matrix
 * }</pre>
 */
public final class SparseCouplings {
    /** Largest degree for which a table of local-field probabilities pays. */
    static final int TABLE_DEGREE = 16;

    private final int n;
    private final Domain domain;
    private final int[] start;
    private final int[] neighbour;
    private final double[] weight;
    private final double[] bias;
    private final double constant;
    private final int maxDegree;
    private final boolean uniform;

    private SparseCouplings(int n, Domain domain, int[] start, int[] neighbour, double[] weight, double[] bias,
            double constant) {
        this.n = n;
        this.domain = domain;
        this.start = start;
        this.neighbour = neighbour;
        this.weight = weight;
        this.bias = bias;
        this.constant = constant;
        int most = 0;
        for (int k = 0; k < n; k++) {
            most = Math.max(most, start[k + 1] - start[k]);
        }
        this.maxDegree = most;
        boolean same = true;
        for (int j = 1; j < weight.length && same; j++) {
            same = weight[j] == weight[0];
        }
        for (int k = 1; k < n && same; k++) {
            same = bias[k] == bias[0];
        }
        this.uniform = same;
    }

    /** The non-zero couplings of {@code e} (one pass over its {@code n x n} matrix). */
    public static SparseCouplings of(PairwiseEnergy e) {
        int n = e.size();
        double[] w = e.couplings();
        int[] start = new int[n + 1];
        for (int k = 0; k < n; k++) {
            int row = k * n;
            int count = 0;
            for (int l = 0; l < n; l++) {
                if (w[row + l] != 0.0) {
                    count++;
                }
            }
            start[k + 1] = start[k] + count;
        }
        int[] neighbour = new int[start[n]];
        double[] weight = new double[start[n]];
        int j = 0;
        for (int k = 0; k < n; k++) {
            int row = k * n;
            for (int l = 0; l < n; l++) {
                if (w[row + l] != 0.0) {
                    neighbour[j] = l;
                    weight[j++] = w[row + l];
                }
            }
        }
        return new SparseCouplings(n, e.domain(), start, neighbour, weight, e.biases().clone(), e.constant());
    }

    /** Collects couplings one pair at a time, for machines too large for a dense matrix. */
    public static Builder builder(int n, Domain domain) {
        return new Builder(n, domain);
    }

    public int size() {
        return n;
    }

    public Domain domain() {
        return domain;
    }

    /** Number of non-zero couplings {@code W_kl}, {@code k < l}. */
    public int edges() {
        return neighbour.length / 2;
    }

    /** The largest number of neighbours of a unit. */
    public int maxDegree() {
        return maxDegree;
    }

    /** True if all non-zero couplings are equal and all fields are equal. */
    public boolean uniform() {
        return uniform;
    }

    /** The common coupling of a {@link #uniform()} machine (0 without couplings). */
    public double coupling() {
        return weight.length == 0 ? 0.0 : weight[0];
    }

    /** The common field of a {@link #uniform()} machine. */
    public double field() {
        return n == 0 ? 0.0 : bias[0];
    }

    public double constant() {
        return constant;
    }

    /**
     * True if single-site updates should use the neighbour lists rather than dense rows: at
     * most a quarter of the couplings are non-zero. Each changed unit then updates a few
     * fields; the dense loop pays for the zeros too.
     */
    public boolean sparse() {
        return (long) neighbour.length * 4 <= (long) n * n;
    }

    /**
     * True if {@link LatticeChain} serves this machine: uniform, with few enough neighbours
     * that summing them at each update costs less than keeping fields current (which costs
     * a row per change, dense or sparse).
     */
    boolean tabulable() {
        return uniform && maxDegree <= TABLE_DEGREE;
    }

    /**
     * {@code E(s)}, in {@code O(n + edges)}; the products are summed in the order of
     * {@link PairwiseEnergy#energy}, skipping zeros.
     */
    public double energy(double[] s) {
        double e = constant;
        for (int k = 0; k < n; k++) {
            double sk = s[k];
            if (sk == 0.0) {
                continue;
            }
            double f = bias[k];
            for (int j = start[k]; j < start[k + 1]; j++) {
                int l = neighbour[j];
                if (l > k) {
                    f += weight[j] * s[l];
                }
            }
            e -= sk * f;
        }
        return e;
    }

    int[] starts() {
        return start;
    }

    int[] neighbours() {
        return neighbour;
    }

    double[] weights() {
        return weight;
    }

    double[] biases() {
        return bias;
    }

    /** Pairs, fields and a constant; a pair given twice adds up, as in {@link PairwiseEnergy#addPair}. */
    public static final class Builder {
        private final int n;
        private final Domain domain;
        private final List<long[]> pairs = new ArrayList<>();
        private final List<Double> values = new ArrayList<>();
        private final double[] bias;
        private double constant;

        private Builder(int n, Domain domain) {
            if (domain == Domain.REAL) {
                throw new IllegalArgumentException("a pairwise energy needs binary or spin units");
            }
            if (n < 1) {
                throw new IllegalArgumentException("a machine needs at least one unit");
            }
            this.n = n;
            this.domain = domain;
            this.bias = new double[n];
        }

        /** Adds {@code v} to {@code W_kl} ({@code k != l}). */
        public Builder pair(int k, int l, double v) {
            if (k == l || k < 0 || l < 0 || k >= n || l >= n) {
                throw new IllegalArgumentException("a pair joins two different units in [0, " + n + "): " + k + ", " + l);
            }
            pairs.add(new long[] {Math.min(k, l), Math.max(k, l)});
            values.add(v);
            return this;
        }

        /** Adds {@code v} to {@code b_k}. */
        public Builder bias(int k, double v) {
            bias[k] += v;
            return this;
        }

        public Builder constant(double v) {
            constant += v;
            return this;
        }

        public SparseCouplings build() {
            // Sort by (k, l) and merge repeats, then list each pair from both ends.
            Integer[] order = new Integer[pairs.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> {
                long[] x = pairs.get(a);
                long[] y = pairs.get(b);
                return x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]);
            });
            List<long[]> merged = new ArrayList<>();
            List<Double> mergedValues = new ArrayList<>();
            for (Integer i : order) {
                long[] p = pairs.get(i);
                int last = merged.size() - 1;
                if (last >= 0 && merged.get(last)[0] == p[0] && merged.get(last)[1] == p[1]) {
                    mergedValues.set(last, mergedValues.get(last) + values.get(i));
                } else {
                    merged.add(p);
                    mergedValues.add(values.get(i));
                }
            }
            int[] degree = new int[n];
            for (int i = 0; i < merged.size(); i++) {
                if (mergedValues.get(i) != 0.0) {
                    degree[(int) merged.get(i)[0]]++;
                    degree[(int) merged.get(i)[1]]++;
                }
            }
            int[] start = new int[n + 1];
            for (int k = 0; k < n; k++) {
                start[k + 1] = start[k] + degree[k];
            }
            int[] fill = Arrays.copyOf(start, n);
            int[] neighbour = new int[start[n]];
            double[] weight = new double[start[n]];
            // Lower neighbours first, then higher ones: each list comes out in increasing order.
            for (int i = 0; i < merged.size(); i++) {
                double v = mergedValues.get(i);
                if (v != 0.0) {
                    int k = (int) merged.get(i)[0];
                    int l = (int) merged.get(i)[1];
                    neighbour[fill[l]] = k;
                    weight[fill[l]++] = v;
                }
            }
            for (int i = 0; i < merged.size(); i++) {
                double v = mergedValues.get(i);
                if (v != 0.0) {
                    int k = (int) merged.get(i)[0];
                    int l = (int) merged.get(i)[1];
                    neighbour[fill[k]] = l;
                    weight[fill[k]++] = v;
                }
            }
            return new SparseCouplings(n, domain, start, neighbour, weight, bias.clone(), constant);
        }
    }
}
