package org.thermogen.runtime.rbm;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.energy.BipartiteEnergy;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.run.Parallel;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.sample.ImportanceWeights;

/**
 * Annealed importance sampling for the log partition function of an RBM (Salakhutdinov and
 * Murray 2008, "On the quantitative analysis of deep belief networks"),
 * {@code ais(runs 100, temperatures 10000)}.
 *
 * <p>The base model A has no weights: independent visible units with biases {@code b_A}
 * (from the data's marginals when data are given, a base-rate model; otherwise the target's
 * own visible biases), and hidden units with zero energy. Its {@code ln Z_A} is a sum of
 * one-unit normalizers plus {@code nh ln 2}. The intermediate distributions are
 * {@code p_k(v, h) ~ exp(-(1 - beta_k) E_A(v) - beta_k E_B(v, h))} for {@code temperatures}
 * inverse temperatures {@code beta_k = k / (temperatures - 1)}, evenly spaced in [0, 1], so
 * with the hiddens summed out
 * <pre>
 *   ln p*_k(v) = -(1 - beta_k) E_A(v) - beta_k (c0 + a.v^2 - b.v) + sum_j G(beta_k x_j),   x = c + v W
 * </pre>
 * ({@code G} = softplus for binary, {@code ln 2 cosh} for spin hiddens). Each run starts
 * from an exact sample of A and, for k = 1 .. K-1, adds {@code ln p*_k(v) - ln p*_{k-1}(v)}
 * to its log weight and then moves {@code v} by one block-Gibbs sweep that leaves
 * {@code p_k} invariant. Then {@code ln Z_B = ln Z_A + ln mean(w)}.
 *
 * <p>Standard error by the delta method on the weights: with {@code m} the mean and
 * {@code s} the sample standard deviation of the {@code R} weights,
 * {@code Var(ln mean w) ~ Var(mean w) / m^2 = s^2 / (R m^2)}, so the standard error of
 * {@code ln Z} is {@code s / (m sqrt(R))}. It is itself an estimate and too small when the
 * weights are heavy-tailed (few temperatures); {@code effective_runs},
 * {@code (sum w)^2 / sum w^2}, far below {@code runs} warns of that. AIS tends to
 * underestimate {@code ln Z} (Jensen), which overstates log-likelihoods.
 *
 * <p>Run {@code r} draws only from its own stream, seeded by the {@code r}-th number drawn
 * from {@code context.random("ais")} ({@link #plan}, so a cluster's tasks can run any range
 * of the runs); runs are batched (one matrix product per layer and
 * temperature) in a fixed number of pieces, so results do not depend on the thread count.
 */
public final class Ais implements Estimator, java.io.Serializable {
    private static final long serialVersionUID = 1L;
    static final int PIECES = 8;

    private final int runs;
    private final int temperatures;
    private final double step;
    /** Where the runs run; null for this machine's threads. Not sent with a task. */
    private final transient Runner runner;
    /** Where the runs of other energies' estimates run; null for this machine. Not sent with a task. */
    private final transient AnnealingRunner annealingRunner;

    private Ais(Builder b) {
        this.runs = b.runs;
        this.temperatures = b.temperatures;
        this.step = b.step;
        this.runner = null;
        this.annealingRunner = null;
    }

    private Ais(Ais settings, Runner runner, AnnealingRunner annealingRunner) {
        this.runs = settings.runs;
        this.temperatures = settings.temperatures;
        this.step = settings.step;
        this.runner = runner;
        this.annealingRunner = annealingRunner;
    }

    /** Where the runs of an estimate run: this machine's threads (the default), or a cluster's tasks. */
    public interface Runner {
        /** Every run of {@code plan} (as {@link Ais#run} runs a range of them), its log weight into {@code logWeights}. */
        void run(Ais ais, Plan plan, double[] logWeights);
    }

    /**
     * The same settings with the runs run by {@code runner} (a cluster's tasks): the same
     * estimate to the bit, since each run depends on its seed alone.
     */
    public Ais runningOn(Runner runner) {
        return new Ais(this, java.util.Objects.requireNonNull(runner), annealingRunner);
    }

    /**
     * Where the estimate of an energy that is not an RBM runs, when not on this machine by
     * {@code mcmc.Annealing.logPartition} (the evaluations ask {@link #annealingRunner}): a
     * cluster's tasks, to the same bits.
     */
    public interface AnnealingRunner {
        Estimate logPartition(org.thermogen.runtime.model.Model model, double[] theta, Ais ais, RunContext context);
    }

    /** The same settings with the annealing of energies that are not RBMs run by {@code runner}. */
    public Ais runningAnnealingOn(AnnealingRunner runner) {
        return new Ais(this, this.runner, java.util.Objects.requireNonNull(runner));
    }

    /** Where the annealing of energies that are not RBMs runs; empty for this machine. */
    public java.util.Optional<AnnealingRunner> annealingRunner() {
        return java.util.Optional.ofNullable(annealingRunner);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return "ais(runs " + runs + ", temperatures " + temperatures + (step == DEFAULT_STEP ? "" : ", step " + step)
                + ")";
    }

    /** Each run moves every unit once per temperature. */
    @Override
    public java.util.Optional<String> workRefusal(org.thermogen.runtime.model.ModelOutline model) {
        int units = model.observedUnits() + model.hiddenUnits();
        return org.thermogen.runtime.sample.Work.refusal("ais", (double) runs * temperatures * units, "runs " + runs
                + " x temperatures " + temperatures + " x " + units + " units", "fewer runs or temperatures");
    }

    public int runs() {
        return runs;
    }

    public int temperatures() {
        return temperatures;
    }

    /** The Langevin step size on real units of energies that are not RBMs ({@link org.thermogen.runtime.mcmc.Annealing}). */
    public double step() {
        return step;
    }

    /** The default Langevin step size. */
    public static final double DEFAULT_STEP = 0.05;

    @Override
    public Estimate logPartition(BipartiteEnergy energy, Dataset data, RunContext context) {
        Plan plan = plan(energy, data, context);
        double[] logWeights = new double[runs];
        if (runner != null) {
            runner.run(this, plan, logWeights);
            return estimate(plan, logWeights);
        }
        int pieces = Math.min(runs, PIECES);
        Parallel.forRanges(context.pool(), runs, pieces, (p, from, to) -> run(plan, from, to, logWeights));
        return estimate(plan, logWeights);
    }

    /**
     * What every run of one estimate shares: the target, the base model and each run's seed.
     * A cluster's tasks each {@link #run} a range of the runs from it; the estimate has the same
     * bits however the runs are dealt out.
     *
     * @param logPartitionBase {@code ln Z_A}
     * @param seeds            run {@code r} draws from {@code new SplittableRandom(seeds[r])}
     * @param base             how the base model was made, for the estimate's method
     */
    public record Plan(BipartiteEnergy energy, double[] baseBias, double[] baseQuad, double logPartitionBase,
            long[] seeds, String base) implements java.io.Serializable {
    }

    /**
     * The base model for {@code energy} (from the marginals of {@code data}, or without data the
     * target's visible biases) and the runs' seeds, drawn from {@code context.random("ais")}.
     *
     * @throws IllegalArgumentException if the data do not fit or real visibles lack a positive quadratic
     */
    public Plan plan(BipartiteEnergy energy, Dataset data, RunContext context) {
        RbmModel.checkQuadratics(energy, null);
        int nv = energy.visibleSize();
        int nh = energy.hiddenSize();
        if (data != null && data.columns() != nv) {
            throw new IllegalArgumentException(data.name() + " has " + data.columns() + " columns but the RBM has " + nv
                    + " visible units");
        }
        double[] baseBias = new double[nv];
        double[] baseQuad = new double[nv];
        base(energy, data, baseBias, baseQuad);
        double logZA = nh * Math.log(2.0);
        for (int i = 0; i < nv; i++) {
            logZA += unitLogNormalizer(energy.visibleDomain(), baseBias[i], baseQuad[i]);
        }
        SplittableRandom root = context.random("ais");
        long[] seeds = new long[runs];
        for (int r = 0; r < runs; r++) {
            seeds[r] = root.nextLong();
        }
        return new Plan(energy.copy(), baseBias, baseQuad, logZA, seeds,
                data == null ? "base model with the RBM's visible biases" : "base-rate model from " + data.name());
    }

    /** Runs {@code from .. to - 1} of {@code plan}, their log weights into {@code logWeights[from .. to)}. */
    public void run(Plan plan, int from, int to, double[] logWeights) {
        SplittableRandom[] randoms = new SplittableRandom[to];
        for (int r = from; r < to; r++) {
            randoms[r] = new SplittableRandom(plan.seeds()[r]);
        }
        new Piece(new Weights(plan.energy()), plan.baseBias(), plan.baseQuad(), randoms, from, to - from)
                .run(logWeights);
    }

    /** {@code ln Z} and its standard error from every run's log weight. */
    public Estimate estimate(Plan plan, double[] logWeights) {
        ImportanceWeights w = ImportanceWeights.of(logWeights);
        double logZ = plan.logPartitionBase() + w.logMean();
        double se = w.standardError();
        Map<String, Double> details = new LinkedHashMap<>();
        details.put("runs", (double) runs);
        details.put("temperatures", (double) temperatures);
        details.put("effective_runs", w.effectiveRuns());
        details.put("log_partition_base", plan.logPartitionBase());
        String method = "ais: " + runs + " runs, " + temperatures + " inverse temperatures evenly spaced in [0, 1], "
                + plan.base();
        return new Estimate(logZ, se, method, details);
    }

    /** The base model's visible biases and quadratic coefficients. */
    private static void base(BipartiteEnergy e, Dataset data, double[] bias, double[] quad) {
        int nv = e.visibleSize();
        Domain d = e.visibleDomain();
        if (d == Domain.REAL) {
            // Same variances as the target, so every intermediate quadratic stays positive;
            // the means of the data when there are any.
            System.arraycopy(e.quadratics(), 0, quad, 0, nv);
            if (data == null) {
                System.arraycopy(e.visibleBiases(), 0, bias, 0, nv);
            } else {
                double[] mean = columnMeans(data);
                for (int i = 0; i < nv; i++) {
                    bias[i] = 2 * quad[i] * mean[i];
                }
            }
            return;
        }
        if (data == null) {
            System.arraycopy(e.visibleBiases(), 0, bias, 0, nv);
            return;
        }
        // Marginals with one pseudo-count for each value, so units never on in the data get a
        // finite bias.
        double[] v = data.values();
        int rows = data.rows();
        for (int i = 0; i < nv; i++) {
            double on = 0;
            for (int r = 0; r < rows; r++) {
                on += v[r * nv + i] == 1.0 ? 1 : 0;
            }
            double p = (on + 1) / (rows + 2.0);
            double logit = Math.log(p / (1 - p));
            bias[i] = d == Domain.SPIN ? 0.5 * logit : logit;
        }
    }

    private static double[] columnMeans(Dataset data) {
        int n = data.columns();
        double[] mean = new double[n];
        for (int r = 0; r < data.rows(); r++) {
            for (int i = 0; i < n; i++) {
                mean[i] += data.get(r, i);
            }
        }
        for (int i = 0; i < n; i++) {
            mean[i] /= data.rows();
        }
        return mean;
    }

    /** {@code ln sum_v exp(b v - a v^2)} over one unit's values. */
    static double unitLogNormalizer(Domain d, double b, double a) {
        return switch (d) {
            case BINARY -> PseudoLikelihoodKernel.softplus(b);
            case SPIN -> PseudoLikelihoodKernel.logTwoCosh(b);
            case REAL -> 0.5 * Math.log(Math.PI / a) + b * b / (4 * a);
        };
    }

    /** A batch of runs with its work arrays. */
    private final class Piece {
        private final Weights weights;
        private final BipartiteEnergy e;
        private final double[] baseBias;
        private final double[] baseQuad;
        private final SplittableRandom[] randoms;
        private final int first;
        private final int rows;
        private final int nv;
        private final int nh;

        Piece(Weights weights, double[] baseBias, double[] baseQuad, SplittableRandom[] randoms, int first, int rows) {
            this.weights = weights;
            this.e = weights.energy;
            this.baseBias = baseBias;
            this.baseQuad = baseQuad;
            this.randoms = randoms;
            this.first = first;
            this.rows = rows;
            this.nv = e.visibleSize();
            this.nh = e.hiddenSize();
        }

        void run(double[] logWeights) {
            Domain vd = e.visibleDomain();
            boolean spinHidden = e.hiddenDomain() == Domain.SPIN;
            double[][] v = new double[rows][nv];
            double[][] h = new double[rows][nh];
            double[][] x = new double[rows][nh];
            double[][] y = new double[rows][nv];
            double[] bias = new double[nv];
            double[] quad = new double[nv];
            double[] lw = new double[rows];
            double[] zero = new double[nv];
            double[] b = e.visibleBiases();
            double[] a = e.quadratics();
            double c0 = e.constant();
            // v ~ p_0: independent units with the base biases.
            for (int r = 0; r < rows; r++) {
                System.arraycopy(baseBias, 0, y[r], 0, nv);
            }
            Layers.sample(vd, y, rows, baseQuad, randoms, first, v);
            int last = temperatures - 1;
            for (int k = 1; k <= last; k++) {
                double bk = (double) k / last;
                double bp = (double) (k - 1) / last;
                double dBeta = bk - bp;
                Layers.product(v, rows, weights.w, e.hiddenBiases(), x);
                boolean move = k < last;
                for (int r = 0; r < rows; r++) {
                    // ln p*_k(v) - ln p*_{k-1}(v) = dBeta (E_A(v) - E_B,vis(v)) + sum_j G(bk x_j) - G(bp x_j)
                    double[] vr = v[r];
                    double lin = -c0;
                    for (int i = 0; i < nv; i++) {
                        double vi = vr[i];
                        lin += (b[i] - baseBias[i]) * vi - (a[i] - baseQuad[i]) * vi * vi;
                    }
                    double g = 0;
                    SplittableRandom random = randoms[first + r];
                    double[] xr = x[r];
                    double[] hr = h[r];
                    for (int j = 0; j < nh; j++) {
                        double xj = xr[j];
                        double zk = bk * xj;
                        double zp = bp * xj;
                        if (spinHidden) {
                            double ek = Math.exp(-2 * Math.abs(zk));
                            g += Math.abs(zk) + Math.log1p(ek) - PseudoLikelihoodKernel.logTwoCosh(zp);
                            if (move) {
                                // P(h = +1) = sigmoid(2 zk), from the same exponential
                                double up = zk >= 0 ? 1 / (1 + ek) : ek / (1 + ek);
                                hr[j] = random.nextDouble() < up ? 1.0 : -1.0;
                            }
                        } else {
                            double ek = Math.exp(-Math.abs(zk));
                            g += Math.max(zk, 0) + Math.log1p(ek) - PseudoLikelihoodKernel.softplus(zp);
                            if (move) {
                                double up = zk >= 0 ? 1 / (1 + ek) : ek / (1 + ek);
                                hr[j] = random.nextDouble() < up ? 1.0 : 0.0;
                            }
                        }
                    }
                    lw[r] += dBeta * lin + g;
                }
                if (!move) {
                    break;
                }
                // v ~ p_k(v | h): fields (1 - bk) b_A + bk (b + W h), quadratic (1 - bk) a_A + bk a.
                for (int i = 0; i < nv; i++) {
                    bias[i] = (1 - bk) * baseBias[i] + bk * b[i];
                    quad[i] = (1 - bk) * baseQuad[i] + bk * a[i];
                }
                Layers.product(h, rows, weights.wt, zero, y);
                for (int r = 0; r < rows; r++) {
                    double[] yr = y[r];
                    for (int i = 0; i < nv; i++) {
                        yr[i] = bk * yr[i] + bias[i];
                    }
                }
                Layers.sample(vd, y, rows, quad, randoms, first, v);
            }
            System.arraycopy(lw, 0, logWeights, first, rows);
        }
    }

    /** Settings of {@code ais(...)}. */
    public static final class Builder {
        private int runs = 100;
        private int temperatures = 10000;
        private double step = DEFAULT_STEP;

        private Builder() {
        }

        /**
         * The size of the Metropolis-adjusted Langevin step per temperature on real units of an
         * energy that is not an RBM. Default 0.05.
         */
        public Builder step(double v) {
            this.step = v;
            return this;
        }

        /** Independent annealing runs (importance weights). Default 100; at least 2. */
        public Builder runs(int v) {
            this.runs = v;
            return this;
        }

        /** Inverse temperatures from 0 to 1, both included. Default 10000; at least 2. */
        public Builder temperatures(int v) {
            this.temperatures = v;
            return this;
        }

        public Ais build() {
            if (runs < 2) {
                throw new IllegalArgumentException("ais needs runs of at least 2 (for a standard error), not " + runs);
            }
            if (temperatures < 2) {
                throw new IllegalArgumentException("ais needs temperatures of at least 2 (0 and 1), not " + temperatures);
            }
            if (!(step > 0) || Double.isInfinite(step)) {
                throw new IllegalArgumentException("ais needs a step above 0, not " + step);
            }
            return new Ais(this);
        }
    }
}
