package org.thermogen.runtime.mcmc;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.model.Constraint;
import org.thermogen.runtime.model.Constraints;
import org.thermogen.runtime.model.EnergyFunction;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.model.ParamSpec;
import org.thermogen.runtime.run.Parallel;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.run.TrainingState;
import org.thermogen.runtime.train.Adam;
import org.thermogen.runtime.train.DivergenceException;
import org.thermogen.runtime.train.Epochs;
import org.thermogen.runtime.train.MetricsHistory;
import org.thermogen.runtime.train.MiniBatches;
import org.thermogen.runtime.train.Optimizer;
import org.thermogen.runtime.train.Schedule;
import org.thermogen.runtime.train.Trainer;
import org.thermogen.runtime.train.TrainingResult;
import org.thermogen.runtime.train.Updater;

/**
 * Maximum-likelihood training of any energy of real units with persistent Langevin chains
 * ({@code persistent_langevin(chains 100, steps 20, step 0.01) { optimizer adam(lr 1e-3)
 * epochs 50 batch 100 }}).
 *
 * <p>The gradient of the mean negative log-likelihood is
 * {@code <dE/dtheta>_data - <dE/dtheta>_model} (notes 02, (1.16), divided by {@code -N}).
 * Each mini-batch gives the first term as its mean; the second is the mean over
 * {@code chains} Langevin chains (see {@link LangevinChain}) that persist across batches and
 * epochs: before every update each chain takes {@code steps} steps of size {@code step} under
 * the current parameters, so the chains follow the model as it changes (persistent
 * contrastive divergence). The gradient passes through {@link Constraints#project} to the
 * optimizer's {@link Updater}.
 *
 * <p>Constraints the projection cannot express are kept by shortening the step: an element
 * of a {@code positive} parameter that a step would take to zero or below moves to half its
 * value instead, and a step that would leave an {@code spd} matrix indefinite is halved
 * until the matrix is positive definite. Both sets are convex and the current point lies
 * inside, so the shortened step stays feasible. Non-fixed {@code simplex} parameters are
 * refused.
 *
 * <p>History columns: {@code epoch}, {@code energy_gap}, {@code data_energy},
 * {@code chain_energy}. The loss {@code energy_gap} is the mean energy of the epoch's data
 * minus the mean energy of the chains, averaged over the epoch's batches: a contrastive gap,
 * not a likelihood ({@code ln Z} is unknown). It is the quantity whose parameter gradient
 * the updates follow, and it approaches 0 as the chains come to look like the data; it may
 * be negative.
 *
 * <p>Defaults: {@code chains 100, steps 20, step 0.01}, unadjusted, {@code optimizer
 * adam(lr 1e-3), epochs 50, batch 100}. Chains start from {@code N(0, I)}: scale the data
 * to a comparable range. Randomness: the chains' starts come from streams split from
 * {@code context.random("train")}; in epoch {@code e} the first stream split from
 * {@code context.random("train, epoch e")} shuffles the rows and the next {@code chains}
 * drive one chain each, in order, so a stopped run continues ({@link #resume}, the chains'
 * states travelling with it) as it would have gone on. Work is split into a fixed number of
 * pieces and summed in order, so results do not depend on the number of threads.
 */
public final class LangevinTraining implements Trainer {
    /** At most this many pieces of parallel work per batch; fixed, so sums are bit-identical on any machine. */
    private static final int PIECES = 16;
    private static final int MAX_HALVINGS = 60;

    private final int chains;
    private final int steps;
    private final double step;
    private final boolean adjusted;
    private final Optimizer optimizer;
    private final int epochs;
    private final int batch;

    private LangevinTraining(Builder b) {
        this.chains = b.chains;
        this.steps = b.steps;
        this.step = b.step;
        this.adjusted = b.adjusted;
        this.optimizer = b.optimizer;
        this.epochs = b.epochs;
        this.batch = b.batch;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return "persistent_langevin(chains " + chains + ", steps " + steps + ", step " + step
                + (adjusted ? ", adjusted" : "") + ", optimizer " + optimizer.describe() + ", epochs " + epochs
                + ", batch " + batch + ")";
    }

    @Override
    public Trainer withEpochs(int newEpochs) {
        return toBuilder().epochs(newEpochs).build();
    }

    private Builder toBuilder() {
        return builder().chains(chains).steps(steps).step(step).adjusted(adjusted).optimizer(optimizer).epochs(epochs)
                .batch(batch);
    }

    /**
     * @throws IllegalArgumentException if the model has binary, spin or hidden units, the
     *                                  data has the wrong number of columns, or the initial
     *                                  parameters break a positivity constraint
     * @throws DivergenceException      if parameters, energies or chains become non-finite
     */
    @Override
    public TrainingResult train(Model model, double[] initialTheta, Dataset data, RunContext context) {
        return train(model, initialTheta, null, data, context);
    }

    @Override
    public boolean resumable() {
        return true;
    }

    @Override
    public TrainingResult resume(Model model, TrainingState from, Dataset data, RunContext context) {
        ModelSpec spec = model.spec();
        from.requireOf(describe(), spec.name(), spec.paramSize(), epochs, COLUMNS, false);
        if (from.extra().length != (long) chains * (spec.stateSize() + 2)) {
            throw new IllegalArgumentException("the saved run is not one of " + describe() + " on " + spec.name());
        }
        return train(model, from.theta(), from, data, context);
    }

    private static final List<String> COLUMNS = List.of("epoch", "energy_gap", "data_energy", "chain_energy");

    private TrainingResult train(Model model, double[] initialTheta, TrainingState from, Dataset data,
            RunContext context) {
        ModelSpec spec = model.spec();
        LangevinChain.requireReal(spec, "persistent_langevin", "train it with moment_matching");
        if (spec.observedSize() != spec.stateSize()) {
            throw new IllegalArgumentException("persistent_langevin needs every unit observed; " + spec.name()
                    + " has hidden units");
        }
        if (data.columns() != spec.observedSize()) {
            throw new IllegalArgumentException(data.name() + " has " + data.columns() + " columns, but " + spec.name()
                    + " observes " + spec.observedSize() + (spec.observedSize() == 1 ? " unit" : " units"));
        }
        if (data.rows() == 0) {
            throw new IllegalArgumentException(data.name() + " has no rows to train on");
        }
        if (initialTheta.length != spec.paramSize()) {
            throw new IllegalArgumentException(spec.name() + " has " + spec.paramSize() + " parameters, not "
                    + initialTheta.length);
        }
        Feasibility feasibility = new Feasibility(spec);
        feasibility.checkStart(initialTheta);
        Updater updater = optimizer.start(spec);
        if (from != null) {
            updater.restore(from.optimizer());
        }
        return new Run(model, initialTheta, data, context, updater, feasibility).run(from);
    }

    /** One training run: chains, work arrays and per-piece sums, allocated once. */
    private final class Run {
        private final Model model;
        private final EnergyFunction energy;
        private final ModelSpec spec;
        private final Dataset data;
        private final RunContext context;
        private final Updater updater;
        private final Feasibility feasibility;
        private final int pieces;
        private final double[] theta;
        private final double[][] pieceGrad;
        private final double[] pieceDataEnergy;
        private final double[] pieceChainEnergy;
        private final boolean[] pieceFinite;
        private final double[][] rowBuffers;
        private final LangevinChain[] chainList;
        private final double[] grad;
        private final double[] before;
        private final MiniBatches batches;
        private int batchIndex;
        private int batchSize;

        Run(Model model, double[] initialTheta, Dataset data, RunContext context, Updater updater,
                Feasibility feasibility) {
            this.model = model;
            this.energy = model.requireEnergy("persistent_langevin");
            this.spec = model.spec();
            this.data = data;
            this.context = context;
            this.updater = updater;
            this.feasibility = feasibility;
            this.pieces = Math.min(PIECES, chains);
            int p = spec.paramSize();
            this.theta = initialTheta.clone();
            this.pieceGrad = new double[pieces][p];
            this.pieceDataEnergy = new double[pieces];
            this.pieceChainEnergy = new double[pieces];
            this.pieceFinite = new boolean[pieces];
            this.rowBuffers = new double[pieces][spec.stateSize()];
            this.chainList = new LangevinChain[chains];
            this.grad = new double[p];
            this.before = new double[p];
            this.batches = new MiniBatches(data.rows(), Math.min(batch, data.rows()));
            SplittableRandom root = context.random("train");
            for (int c = 0; c < chains; c++) {
                // The chains read theta live: every update is seen at their next batch.
                chainList[c] = new LangevinChain(energy, theta, step, adjusted, root.split(), null);
            }
        }

        /** Trains, or continues {@code from} (whose parameters this run started at). */
        TrainingResult run(TrainingState from) {
            int n = spec.stateSize();
            long totalUpdates = (long) epochs * batches.count();
            int firstEpoch = from == null ? 1 : from.epoch() + 1;
            long updates = (long) (firstEpoch - 1) * batches.count();
            MetricsHistory history = new MetricsHistory(COLUMNS.toArray(String[]::new));
            double dataEnergy = Double.NaN;
            double chainEnergy = Double.NaN;
            double[] extra = new double[chains * (n + 2)];
            if (from != null) {
                from.history().forEach(history::add);
                if (!from.history().isEmpty()) {
                    double[] last = from.history().get(from.history().size() - 1);
                    dataEnergy = last[2];
                    chainEnergy = last[3];
                }
                double[] x = from.extra();
                for (int c = 0; c < chains; c++) {
                    chainList[c].restore(Arrays.copyOfRange(x, c * n, (c + 1) * n), (long) x[chains * n + 2 * c],
                            (long) x[chains * n + 2 * c + 1]);
                    chainList[c].parametersChanged();
                }
            }
            context.listener().begin("train " + spec.name(), epochs);
            for (int epoch = firstEpoch; epoch <= epochs; epoch++) {
                // Every epoch's randomness from its own streams of the seed: a continued run draws
                // what the run it continues would have drawn.
                SplittableRandom root = context.random("train, epoch " + epoch);
                batches.shuffleFromStart(root.split());
                for (LangevinChain chain : chainList) {
                    chain.random(root.split());
                }
                double dataSum = 0;
                double chainSum = 0;
                for (int b = 0; b < batches.count(); b++) {
                    context.checkCancelled();
                    batchIndex = b;
                    batchSize = batches.size(b);
                    Parallel.forEach(context.pool(), pieces, this::piece);
                    Arrays.fill(grad, 0.0);
                    double batchData = 0;
                    double batchChain = 0;
                    for (int p = 0; p < pieces; p++) {
                        if (!pieceFinite[p]) {
                            throw new DivergenceException("training diverged at epoch " + epoch + " of " + spec.name()
                                    + ": a Langevin chain reached non-finite values; lower step (now " + step
                                    + ") or lr, or add adjusted");
                        }
                        double[] g = pieceGrad[p];
                        for (int i = 0; i < grad.length; i++) {
                            grad[i] += g[i];
                        }
                        batchData += pieceDataEnergy[p];
                        batchChain += pieceChainEnergy[p];
                    }
                    if (!Double.isFinite(batchData)) {
                        throw new DivergenceException("training diverged at epoch " + epoch + " of " + spec.name()
                                + ": the energy of the data is not finite; lower lr");
                    }
                    dataSum += batchData;
                    chainSum += batchChain;
                    Constraints.project(spec, grad);
                    System.arraycopy(theta, 0, before, 0, theta.length);
                    updater.step(theta, grad, (double) updates / totalUpdates);
                    updates++;
                    for (double t : theta) {
                        if (!Double.isFinite(t)) {
                            throw new DivergenceException("training diverged at epoch " + epoch + " of " + spec.name()
                                    + ": parameters are not finite; lower lr");
                        }
                    }
                    feasibility.keep(before, theta);
                }
                dataEnergy = dataSum / batches.count();
                chainEnergy = chainSum / batches.count();
                double gap = dataEnergy - chainEnergy;
                history.add(epoch, gap, dataEnergy, chainEnergy);
                for (int c = 0; c < chains; c++) {
                    System.arraycopy(chainList[c].state(), 0, extra, c * n, n);
                    extra[chains * n + 2 * c] = chainList[c].proposals();
                    extra[chains * n + 2 * c + 1] = chainList[c].accepted();
                }
                context.listener().state(new TrainingState(epoch, theta.clone(), updater.state(), extra.clone(),
                        history.columns(), Collections.unmodifiableList(history.rows())));
                Map<String, Double> figures = new LinkedHashMap<>();
                figures.put("energy_gap", gap);
                figures.put("data_energy", dataEnergy);
                figures.put("chain_energy", chainEnergy);
                context.listener().step(epoch, figures);
                context.listener().snapshot(epoch, theta);
            }
            context.listener().end();
            Map<String, Double> summary = new LinkedHashMap<>();
            summary.put("epochs_run", (double) epochs);
            summary.put("energy_gap", dataEnergy - chainEnergy);
            summary.put("data_energy", dataEnergy);
            summary.put("chain_energy", chainEnergy);
            if (adjusted) {
                long proposals = 0;
                long accepted = 0;
                for (LangevinChain c : chainList) {
                    proposals += c.proposals();
                    accepted += c.accepted();
                }
                summary.put("acceptance_rate", proposals == 0 ? Double.NaN : (double) accepted / proposals);
            }
            return new TrainingResult(theta.clone(), history, summary);
        }

        /**
         * Piece {@code p} of a batch: advances its share of the chains under the current
         * parameters, then adds into its own slot {@code -1/C dE/dtheta} at its chains and
         * {@code +1/B dE/dtheta} at its share of the batch rows, with the matching mean energies.
         */
        private void piece(int p) {
            double[] g = pieceGrad[p];
            Arrays.fill(g, 0.0);
            double[] x = rowBuffers[p];
            boolean finite = true;
            double chainEnergy = 0;
            for (int c = p * chains / pieces; c < (p + 1) * chains / pieces; c++) {
                LangevinChain chain = chainList[c];
                // theta changed since this chain last moved (or it is the first batch).
                chain.parametersChanged();
                finite &= chain.advance(steps);
                double[] s = chain.state();
                double e = adjusted ? chain.energy() : energy.energy(s, theta);
                // A chain whose energy overflows has left the model's bulk as surely as one at infinity.
                finite &= Double.isFinite(e);
                chainEnergy += e / chains;
                energy.addParameterGradient(s, theta, -1.0 / chains, g);
            }
            double dataEnergy = 0;
            for (int i = p * batchSize / pieces; i < (p + 1) * batchSize / pieces; i++) {
                data.row(batches.row(batchIndex, i), x);
                dataEnergy += energy.energy(x, theta) / batchSize;
                energy.addParameterGradient(x, theta, 1.0 / batchSize, g);
            }
            pieceFinite[p] = finite;
            pieceChainEnergy[p] = chainEnergy;
            pieceDataEnergy[p] = dataEnergy;
        }
    }

    /** Keeps {@code positive} and {@code spd} parameters inside their sets after a step. */
    private static final class Feasibility {
        private final ModelSpec spec;
        private final ParamSpec[] positive;
        private final ParamSpec[] spd;
        private final DMatrixRMaj[] matrices;
        private final CholeskyDecomposition_F64<DMatrixRMaj>[] cholesky;

        @SuppressWarnings("unchecked")
        Feasibility(ModelSpec spec) {
            this.spec = spec;
            this.positive = spec.params().stream().filter(p -> !p.fixed() && p.has(Constraint.POSITIVE))
                    .toArray(ParamSpec[]::new);
            this.spd = spec.params().stream().filter(p -> !p.fixed() && p.has(Constraint.SPD)).toArray(ParamSpec[]::new);
            for (ParamSpec p : spec.params()) {
                if (!p.fixed() && p.has(Constraint.SIMPLEX)) {
                    throw new IllegalArgumentException("persistent_langevin cannot keep " + p.name() + " of " + spec.name()
                            + " on the simplex; make it fixed");
                }
                if (p.has(Constraint.SPD) && !p.shape().isSquareMatrix()) {
                    throw new IllegalArgumentException(p.name() + " of " + spec.name() + " is spd but not a square matrix");
                }
            }
            this.matrices = new DMatrixRMaj[spd.length];
            this.cholesky = new CholeskyDecomposition_F64[spd.length];
            for (int k = 0; k < spd.length; k++) {
                int n = spd[k].shape().dim(0);
                matrices[k] = new DMatrixRMaj(n, n);
                cholesky[k] = DecompositionFactory_DDRM.chol(n, true);
            }
        }

        void checkStart(double[] theta) {
            for (ParamSpec p : positive) {
                for (int i = 0; i < p.size(); i++) {
                    if (!(theta[p.offset() + i] > 0)) {
                        throw new IllegalArgumentException(p.name() + " of " + spec.name() + " is positive but starts at "
                                + theta[p.offset() + i] + "; give it a positive init, e.g. init 1.0");
                    }
                }
            }
            for (int k = 0; k < spd.length; k++) {
                if (!positiveDefinite(k, theta)) {
                    throw new IllegalArgumentException(spd[k].name() + " of " + spec.name()
                            + " is spd but does not start positive definite; use init identity");
                }
            }
        }

        /** Shortens the step from {@code before} to {@code theta} where it leaves a set. */
        void keep(double[] before, double[] theta) {
            for (ParamSpec p : positive) {
                for (int i = p.offset(); i < p.offset() + p.size(); i++) {
                    if (!(theta[i] > 0)) {
                        theta[i] = 0.5 * before[i];
                    }
                }
            }
            for (int k = 0; k < spd.length; k++) {
                ParamSpec p = spd[k];
                int o = p.offset();
                int halvings = 0;
                while (!positiveDefinite(k, theta)) {
                    if (++halvings > MAX_HALVINGS) {
                        System.arraycopy(before, o, theta, o, p.size());
                        break;
                    }
                    for (int i = o; i < o + p.size(); i++) {
                        theta[i] = before[i] + 0.5 * (theta[i] - before[i]);
                    }
                }
            }
        }

        private boolean positiveDefinite(int k, double[] theta) {
            DMatrixRMaj m = matrices[k];
            System.arraycopy(theta, spd[k].offset(), m.data, 0, spd[k].size());
            // The decomposition works in place: m is a scratch copy.
            return cholesky[k].decompose(m);
        }
    }

    /** Settings of {@code persistent_langevin(...)}. */
    public static final class Builder {
        private int chains = 100;
        private int steps = 20;
        private double step = 0.01;
        private boolean adjusted;
        private Optimizer optimizer = Adam.builder().lr(Schedule.constant(1e-3)).build();
        private int epochs = 50;
        private int batch = 100;

        private Builder() {
        }

        /** Persistent chains that estimate the model expectation. Default 100. */
        public Builder chains(int v) {
            this.chains = v;
            return this;
        }

        /** Langevin steps every chain takes before each update. Default 20. */
        public Builder steps(int v) {
            this.steps = v;
            return this;
        }

        /** The Langevin step size. Default 0.01. */
        public Builder step(double v) {
            this.step = v;
            return this;
        }

        /** Metropolis-adjusted chains (MALA) when true; unadjusted by default. */
        public Builder adjusted(boolean v) {
            this.adjusted = v;
            return this;
        }

        /** How the gradient becomes a step. Default adam(lr 1e-3). */
        public Builder optimizer(Optimizer v) {
            this.optimizer = v;
            return this;
        }

        /** Passes over the data. Default 50. */
        public Builder epochs(int v) {
            this.epochs = v;
            return this;
        }

        /** Rows per mini-batch (the last batch of an epoch may be smaller). Default 100. */
        public Builder batch(int v) {
            this.batch = v;
            return this;
        }

        public LangevinTraining build() {
            Optimizer.requireStochastic(optimizer, "persistent_langevin", "adam(lr 1e-3)");
            if (chains < 1 || steps < 1 || epochs < 1 || batch < 1) {
                throw new IllegalArgumentException("persistent_langevin needs chains, steps, epochs and batch of at least 1");
            }
            Epochs.require("persistent_langevin", epochs);
            if (!(step > 0) || !Double.isFinite(step)) {
                throw new IllegalArgumentException("persistent_langevin step must be a positive number, not " + step);
            }
            if (optimizer == null) {
                throw new IllegalArgumentException("persistent_langevin needs an optimizer, e.g. adam(lr 1e-3)");
            }
            return new LangevinTraining(this);
        }
    }
}
