package org.thermogen.runtime.rbm;

import java.util.Arrays;
import org.thermogen.runtime.compute.Precision;
import org.thermogen.runtime.energy.BipartiteEnergy;
import org.thermogen.runtime.energy.BipartiteForm;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.train.RowRandom;

/**
 * The sums of one mini-batch step of contrastive divergence, for any part of the batch's rows:
 * the data term of each row (its visibles with the hidden means given them) and, for plain CD,
 * the term of the block-Gibbs chain that starts at it; for persistent CD, the term of the
 * chains this step holds. The gradient of the mean negative log-likelihood in the natural
 * parameters is
 * <pre>
 *   dW_ij = <v_i h_j>_model - <v_i E[h_j | v]>_data      db_i = <v_i>_model - <v_i>_data
 *   dc_j  = <h_j>_model     - <E[h_j | v]>_data           da_i = <v_i^2>_data - <v_i^2>_model (real visibles)
 * </pre>
 * where the model term takes the chains' visibles with their hidden means (Hinton's recipe,
 * which lowers the variance without biasing CD). Both terms are sums over rows, so the rows of
 * a batch may be split anywhere (threads, a cluster's partitions) and the parts added:
 * {@link #addRows} adds a part's sums, each scaled by one over the whole batch's size, into
 * {@code terms}, laid out as {@code W} (row-major {@code nv x nh}), the hidden biases, the
 * visible biases and the quadratic coefficients ({@link #termsLength}).
 *
 * <p>Each row's chain draws from its own stream, a function of the batch's seed and the row's
 * place in the batch ({@link RowRandom}), so a row draws the same whoever computes it; chain
 * {@code c} of persistent CD likewise from the stream of place {@code c}. Binary units step in
 * float32 on the dense kernels ({@link Float32Cd}) unless the precision is float64; spins and
 * real units always in float64. Nothing allocates after construction.
 *
 * <pre>{@code
 * CdStep step = new CdStep(nv, nh, Domain.BINARY, Domain.BINARY, 1, 0, Precision.FLOAT32, 20);
 * double[] terms = new double[CdStep.termsLength(nv, nh)];
 * step.weights(eta);
 * step.addRows(values, rows, places, 20, batchSeed, 20, terms);
 * CdStep.toEnergy(terms, deta);
 * }</pre>
 */
public final class CdStep {
    private final int nv;
    private final int nh;
    private final Domain hd;
    private final boolean real;
    private final int k;
    /** Persistent chains, or 0 when every row starts a chain of its own (plain CD). */
    private final int chains;
    private final int capacity;
    private final Float32Cd fast;
    private final BipartiteEnergy energy;
    private final Weights weights;
    private final Batch pos;
    /** The chains: one per row of a part (plain CD) or the persistent ones. */
    private final Batch neg;
    private final RowRandom[] rowStreams;
    private final RowRandom[] chainStreams;
    private final double[][] posMean;
    private final double[][] negMean;
    private final double[] gRow;

    /**
     * @param k        block-Gibbs sweeps per chain and step
     * @param chains   persistent chains, or 0 for plain CD
     * @param capacity the most rows of a batch one call of {@link #addRows} steps at once (more are taken in turns)
     */
    public CdStep(int nv, int nh, Domain visibleDomain, Domain hiddenDomain, int k, int chains, Precision precision,
            int capacity) {
        this.nv = nv;
        this.nh = nh;
        this.hd = hiddenDomain;
        this.real = visibleDomain == Domain.REAL;
        this.k = k;
        this.chains = chains;
        this.capacity = capacity;
        this.rowStreams = streams(capacity);
        this.chainStreams = streams(chains);
        int negRows = chains > 0 ? chains : capacity;
        this.fast = Float32Cd.serves(precision, visibleDomain, hiddenDomain) ? new Float32Cd(capacity, negRows, nv, nh)
                : null;
        this.energy = new BipartiteEnergy(nv, nh, visibleDomain, hiddenDomain);
        this.weights = new Weights(energy);
        this.pos = new Batch(capacity, nv, nh, rowStreams, 0);
        this.neg = new Batch(negRows, nv, nh, chains > 0 ? chainStreams : rowStreams, 0);
        this.posMean = new double[capacity][nh];
        this.negMean = new double[negRows][nh];
        this.gRow = new double[nh];
    }

    private static RowRandom[] streams(int n) {
        RowRandom[] s = new RowRandom[n];
        for (int i = 0; i < n; i++) {
            s[i] = new RowRandom();
        }
        return s;
    }

    /** The length of the sums' array: {@code W}, hidden biases, visible biases, quadratic coefficients. */
    public static int termsLength(int nv, int nh) {
        return nv * nh + nh + 2 * nv;
    }

    /** Takes the parameters the next steps use. */
    public void weights(BipartiteEnergy eta) {
        if (fast != null) {
            fast.weights(eta);
        } else {
            energy.set(eta);
            weights.refresh();
        }
    }

    /**
     * Adds the terms of {@code count} rows of a batch of {@code size} rows to {@code terms}: row
     * {@code i} is {@code values[rows[i] * nv ...]}, at place {@code places[i]} in the batch;
     * the data term scaled by {@code -1 / size} and, for plain CD, the term of the chain
     * starting at each row (drawing from the stream of its place) by {@code 1 / size}.
     */
    public void addRows(double[] values, int[] rows, int[] places, int count, long batchSeed, int size,
            double[] terms) {
        double scale = 1.0 / size;
        for (int from = 0; from < count; from += capacity) {
            int n = Math.min(capacity, count - from);
            if (chains == 0) {
                for (int r = 0; r < n; r++) {
                    rowStreams[r].reset(batchSeed, places[from + r]);
                }
            }
            if (fast != null) {
                for (int r = 0; r < n; r++) {
                    fast.loadPositive(r, values, rows[from + r]);
                }
                fast.positiveMeans(n);
                fast.accumulatePositive(n, -scale);
                if (chains == 0) {
                    fast.freshChains(n, rowStreams);
                    runFastChains(n, rowStreams, scale);
                }
                fast.flush(terms);
                continue;
            }
            pos.rows(n);
            for (int r = 0; r < n; r++) {
                System.arraycopy(values, rows[from + r] * nv, pos.v[r], 0, nv);
            }
            pos.hiddenFields(weights);
            Layers.means(hd, pos.x, n, null, posMean);
            addTerm(pos.v, posMean, n, -scale, gRow, terms, real);
            if (chains == 0) {
                // A fresh chain from each row, its hidden units drawn from the means just found.
                neg.rows(n);
                for (int r = 0; r < n; r++) {
                    System.arraycopy(pos.v[r], 0, neg.v[r], 0, nv);
                }
                Layers.sampleFromMeans(hd, posMean, n, rowStreams, 0, neg.h);
                runChains(n, scale, terms);
            }
        }
    }

    /**
     * Persistent CD: advances the chains {@code k} sweeps from their hidden states, adds their
     * term scaled by {@code 1 / chains} to {@code terms}, and draws their next hidden states
     * from the means at hand (under the parameters before this step's update, as
     * scikit-learn's {@code BernoulliRBM} does, which saves a product and an exponential per
     * unit). Chain {@code c} draws from the stream of place {@code c} of the batch.
     */
    void addChains(long batchSeed, double[] terms) {
        for (int c = 0; c < chains; c++) {
            chainStreams[c].reset(batchSeed, c);
        }
        double scale = 1.0 / chains;
        if (fast != null) {
            runFastChains(chains, chainStreams, scale);
            fast.flush(terms);
            fast.hiddenFromNegativeMeans(chains, chainStreams);
            return;
        }
        runChains(chains, scale, terms);
        Layers.sampleFromMeans(hd, negMean, chains, chainStreams, 0, neg.h);
    }

    /** {@link #runChains} in float32: the first {@code rows} chains' visibles, {@code k - 1} more sweeps, their term. */
    private void runFastChains(int rows, RowRandom[] streams, double scale) {
        fast.visibleGivenHidden(rows, streams);
        for (int s = 1; s < k; s++) {
            fast.sweep(rows, streams);
        }
        fast.negativeMeans(rows);
        fast.accumulateNegative(rows, scale);
    }

    /** The chains' visibles given their hiddens, {@code k - 1} more sweeps, and their term. */
    private void runChains(int rows, double scale, double[] terms) {
        neg.visibleGivenHidden(weights);
        for (int s = 1; s < k; s++) {
            neg.sweep(weights);
        }
        neg.hiddenFields(weights);
        Layers.means(hd, neg.x, rows, null, negMean);
        addTerm(neg.v, negMean, rows, scale, gRow, terms, real);
    }

    /**
     * Starts the persistent chains at random states (uniform visibles, or for real visibles
     * uniform hiddens and visibles given them) with hidden states drawn given the visibles,
     * chain {@code c} drawing from the stream of place {@code c} of {@code seed}.
     */
    void startChains(BipartiteEnergy eta, long seed) {
        for (int c = 0; c < chains; c++) {
            chainStreams[c].reset(seed, c);
        }
        // In float64 whatever the precision: the float32 steps do not keep these weights.
        energy.set(eta);
        weights.refresh();
        neg.randomStart(weights);
        neg.hiddenGivenVisible(weights);
        if (fast != null) {
            fast.hiddenStatesFrom(neg.h, chains);
        }
    }

    /** The chains' hidden states, chain after chain (what a saved run carries). */
    double[] chainStates() {
        if (fast != null) {
            fast.hiddenStatesInto(neg.h, chains);
        }
        double[] out = new double[chains * nh];
        for (int c = 0; c < chains; c++) {
            System.arraycopy(neg.h[c], 0, out, c * nh, nh);
        }
        return out;
    }

    /** Continues from the hidden states {@link #chainStates} gave. */
    void restoreChains(double[] states) {
        for (int c = 0; c < chains; c++) {
            System.arraycopy(states, c * nh, neg.h[c], 0, nh);
        }
        if (fast != null) {
            fast.hiddenStatesFrom(neg.h, chains);
        }
    }

    /**
     * For a form that copies theta ({@link BipartiteForm#layout}): sets the entries of
     * {@code grad} for its parameters to the gradient in theta of the sums, what
     * {@link #toEnergy} and the form's adjoint would give, as array copies.
     */
    public static void toGradient(double[] terms, BipartiteForm.Layout layout, int nv, int nh, double[] grad) {
        layout.gradient(terms, 0, nv * nh + nh, nv * nh, nv, nh, grad);
    }

    /** Sets every natural parameter of {@code deta} from the sums (the quadratics only for real visibles). */
    public static void toEnergy(double[] terms, BipartiteEnergy deta) {
        int nv = deta.visibleSize();
        int nh = deta.hiddenSize();
        deta.setPairs(terms);
        for (int j = 0; j < nh; j++) {
            deta.setHidden(j, terms[nv * nh + j]);
        }
        int b = nv * nh + nh;
        for (int i = 0; i < nv; i++) {
            deta.setVisible(i, terms[b + i]);
            if (deta.visibleDomain() == Domain.REAL) {
                deta.setQuadratic(i, terms[b + nv + i]);
            }
        }
    }

    /**
     * Adds {@code scale} times {@code sum_r v_r m_r'}, {@code sum_r m_r} and {@code sum_r v_r}
     * over the first {@code rows} rows to {@code terms}, and {@code -scale sum_r v_r^2} to the
     * quadratics' place when visibles are real. Row {@code i} of the weights' sum is built in
     * {@code gRow}, which stays in the first-level cache, skipping units that are off (most of
     * them, for images).
     */
    static void addTerm(double[][] v, double[][] m, int rows, double scale, double[] gRow, double[] terms,
            boolean real) {
        int nv = v[0].length;
        int nh = gRow.length;
        int b = nv * nh + nh;
        for (int i = 0; i < nv; i++) {
            Arrays.fill(gRow, 0.0);
            double s = 0;
            double q = 0;
            for (int r = 0; r < rows; r++) {
                double x = v[r][i];
                if (x != 0.0) {
                    Layers.axpy(gRow, scale * x, m[r]);
                    s += x;
                    q += x * x;
                }
            }
            int o = i * nh;
            for (int j = 0; j < nh; j++) {
                terms[o + j] += gRow[j];
            }
            terms[b + i] += scale * s;
            if (real) {
                terms[b + nv + i] -= scale * q;
            }
        }
        for (int j = 0; j < nh; j++) {
            double s = 0;
            for (int r = 0; r < rows; r++) {
                s += m[r][j];
            }
            terms[nv * nh + j] += scale * s;
        }
    }
}
