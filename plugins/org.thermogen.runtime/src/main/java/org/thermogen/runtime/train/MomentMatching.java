package org.thermogen.runtime.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.energy.PairwiseForm;
import org.thermogen.runtime.exact.Enumeration;
import org.thermogen.runtime.exact.GenericEnumeration;
import org.thermogen.runtime.model.Constraints;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.EnergyFunction;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.ModelOutline;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.run.TrainingState;

/**
 * Trains a Boltzmann machine by gradient descent on {@code KL(data || model)}, whose
 * gradient in the natural parameters is the difference of moments:
 * {@code dKL/dW_kl = <s_k s_l>_model - <s_k s_l>_data}, {@code dKL/db_k = <s_k>_model - <s_k>_data}
 * (notes 01, (2.28)-(2.30), with the sign of (2.30) corrected). The gradient reaches the
 * parameters through the adjoint of the generated couplings map, and constraints through
 * {@link Constraints#project}.
 *
 * <p>With {@code lr auto} the step is {@code 1 / lambda_max} of the Hessian of the KL in
 * the parameters, {@code A' Cov(phi) A} ({@code A} the Jacobian of the couplings map, constant
 * when it is affine), found by power iteration warm-started from the previous epoch (notes
 * 01, (2.44)). The bound holds at the current parameters only, so with exact expectations
 * every step is also checked against the exact negative log-likelihood and halved until it
 * does not increase: the objective then decreases monotonically.
 *
 * <p><b>Hidden units.</b> The data's moments are then the clamped phase's: {@code <phi>} under
 * {@code p(h | v)} for each distinct row {@code v}, averaged over the rows. {@code clamped exact}
 * sums the hidden states of each row (at most {@value #CLAMPED_HIDDEN} hidden units); any other
 * expectation computes them on the conditional machine of the hidden units given the row,
 * each row with an engine of its own that keeps its state from one call to the next:
 * {@code clamped mean_field} its magnetizations (a warm start), {@code clamped gibbs(chains 1,
 * sweeps 5)} its persistent chains, each row on its own random streams.
 *
 * <p>Settings ({@code moment_matching(expectation exact) { optimizer gd(lr auto) epochs 200
 * tolerance 1e-6 }}): {@code expectation} (default exact), {@code clamped} (default exact),
 * {@code optimizer} (default gd(lr auto)), {@code epochs} (default 200), {@code tolerance}
 * (default 0: run every epoch; otherwise stop once every moment is within it).
 */
public final class MomentMatching implements Trainer {
    /** Power iterations on the first epoch, and on later (warm-started) ones. */
    private static final int FIRST_ITERATIONS = 60;
    private static final int WARM_ITERATIONS = 1;
    private static final int MAX_HALVINGS = 40;
    /** The saved state's fixed leading values: t, restarts, lambda, whether an eigenvector follows, the clamped part's length. */
    private static final int HEADER = 5;
    /** Units up to which the exact log-likelihood is reported even with Gibbs expectations. */
    private static final int EXACT_LOSS_UNITS = 20;

    private final Expectation expectation;
    private final Expectation clamped;
    private final Optimizer optimizer;
    private final int epochs;
    private final double tolerance;
    private final Validation validation;

    private MomentMatching(Expectation expectation, Expectation clamped, Optimizer optimizer, int epochs,
            double tolerance, Validation validation) {
        this.expectation = expectation;
        this.clamped = clamped;
        this.optimizer = optimizer;
        this.epochs = epochs;
        this.tolerance = tolerance;
        this.validation = validation;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return "moment_matching(expectation " + expectation.describe()
                + (clamped instanceof ExactExpectation ? "" : ", clamped " + clamped.describe())
                + ", optimizer " + optimizer.describe()
                + ", epochs " + epochs + ", tolerance " + tolerance + (validation == null ? "" : validation.describe())
                + ")";
    }

    @Override
    public Optional<Validation> validation() {
        return Optional.ofNullable(validation);
    }

    /** With exact expectations: the held-out likelihood needs ln Z. */
    @Override
    public boolean measuresHeldOut() {
        return expectation instanceof ExactExpectation;
    }

    /** The loss on {@code rows}: their exact negative mean log-likelihood, {@code <E>_rows + ln Z} by enumeration. */
    @Override
    public HeldOutLoss heldOutLoss(Model model, Dataset rows, RunContext context) {
        if (!measuresHeldOut()) {
            return Trainer.super.heldOutLoss(model, rows, context);
        }
        ModelSpec spec = model.spec();
        Enumeration.checkSize(spec.stateSize());
        if (rows.columns() != spec.observedSize()) {
            throw new IllegalArgumentException(rows.name() + " has " + rows.columns() + " columns, " + spec.name() + " "
                    + spec.observedSize() + " observed units");
        }
        int n = spec.stateSize();
        Optional<PairwiseForm> pairwise = model.capability(PairwiseForm.class);
        if (pairwise.isPresent() && spec.observedSize() != n) {
            // Hidden units: each row's log marginal, the hidden states summed as training sums them.
            PairwiseForm form = pairwise.get();
            PairwiseEnergy eta = new PairwiseEnergy(n, spec.uniformDomain().orElseThrow(
                    () -> new IllegalArgumentException(spec.name() + " mixes binary and spin units")));
            double[] v = new double[rows.columns()];
            return theta -> {
                form.couplings(theta, eta);
                double sum = 0;
                for (int r = 0; r < rows.rows(); r++) {
                    rows.row(r, v);
                    sum += Enumeration.logMarginal(eta, v);
                }
                return -sum / rows.rows() + Enumeration.logPartition(eta, context.pool());
            };
        }
        if (pairwise.isPresent()) {
            PairwiseForm form = pairwise.get();
            // The rows' moments once: each epoch's mean energy is then linear in them, as training's is.
            PairwiseEnergy eta = new PairwiseEnergy(n, spec.uniformDomain().orElseThrow(
                    () -> new IllegalArgumentException(spec.name() + " mixes binary and spin units")));
            double[] mean = new double[n];
            double[] second = new double[n * n];
            dataMoments(rows, n, mean, second);
            return theta -> {
                form.couplings(theta, eta);
                return meanEnergy(eta, mean, second) + Enumeration.logPartition(eta, context.pool());
            };
        }
        double[] x = new double[n];
        EnergyFunction f = model.requireEnergy(describe());
        return theta -> {
            double meanEnergy = 0;
            for (int r = 0; r < rows.rows(); r++) {
                rows.row(r, x);
                meanEnergy += f.energy(x, theta) / rows.rows();
            }
            return meanEnergy + GenericEnumeration.logPartition(f, theta);
        };
    }

    /** The mean energy of rows with first moments {@code mean} and pair moments {@code second} under {@code eta}. */
    static double meanEnergy(PairwiseEnergy eta, double[] mean, double[] second) {
        int n = mean.length;
        double e = eta.constant();
        for (int k = 0; k < n; k++) {
            e -= eta.bias(k) * mean[k];
            for (int l = k + 1; l < n; l++) {
                e -= eta.pair(k, l) * second[k * n + l];
            }
        }
        return e;
    }

    @Override
    public Trainer withEpochs(int newEpochs) {
        return new MomentMatching(expectation, clamped, optimizer, newEpochs, tolerance, validation);
    }

    @Override
    public TrainingResult train(Model model, double[] initialTheta, Dataset data, RunContext context) {
        ModelSpec spec = model.spec();
        if (!spec.isDiscrete()) {
            throw new IllegalArgumentException("moment_matching trains Boltzmann machines on binary or spin units; "
                    + spec.name() + " has real units");
        }
        Optional<PairwiseForm> pairwise = model.capability(PairwiseForm.class);
        ModelOutline.require(refusal(ModelOutline.of(model)));
        hiddenRefusal(model, pairwise.isPresent()).ifPresent(m -> {
            throw new IllegalArgumentException(m);
        });
        if (pairwise.isPresent()) {
            return new PairwiseRun(model, pairwise.get(), data, context).run(initialTheta, null);
        }
        return genericRun(model, initialTheta, null, data, context);
    }

    /**
     * Exact expectations make a run deterministic between epochs; sampled and mean-field
     * ones carry their chains or warm start in the saved state and draw each epoch from its
     * own stream.
     */
    @Override
    public boolean resumable() {
        return true;
    }

    @Override
    public TrainingResult resume(Model model, TrainingState from, Dataset data, RunContext context) {
        int size = model.spec().paramSize();
        Optional<PairwiseForm> form = model.capability(PairwiseForm.class);
        boolean pairwise = form.isPresent();
        // The loss a pairwise run reports: the likelihood where it is exact or enumerable, else the moment error.
        String loss = expectation instanceof ExactExpectation || model.spec().stateSize() <= EXACT_LOSS_UNITS
                ? "neg_log_likelihood" : "moment_error";
        from.requireOf(describe(), model.spec().name(), size, epochs, pairwise
                ? columns(loss.equals("neg_log_likelihood"))
                : java.util.List.of("epoch", "neg_log_likelihood", "step_size", "grad_norm"), true);
        if (pairwise ? from.extra().length < HEADER + 2 * size : from.extra().length != 0) {
            throw new IllegalArgumentException("the saved run is not one of " + describe() + " on " + model.spec().name());
        }
        if (pairwise) {
            return new PairwiseRun(model, form.get(), data, context).run(from.theta(), from);
        }
        return genericRun(model, from.theta(), from, data, context);
    }

    /** The most hidden units whose states {@code clamped exact} sums for each data row. */
    public static final int CLAMPED_HIDDEN = 20;

    /**
     * With {@code clamped exact}, more than {@value #CLAMPED_HIDDEN} hidden units: their states
     * are summed for every data row. The advice names an approximate clamped phase with a
     * sampled free one, which a machine of that size needs.
     */
    @Override
    public Optional<String> refusal(ModelOutline model) {
        if (clamped instanceof ExactExpectation && model.hiddenUnits() > CLAMPED_HIDDEN) {
            return Optional.of("moment_matching sums the " + model.hiddenUnits() + " hidden units of " + model.name()
                    + " for every data row (clamped exact), at most " + CLAMPED_HIDDEN + ": use fewer hidden units, or"
                    + " train a machine this large with moment_matching(expectation gibbs(chains 16, sweeps 20),"
                    + " clamped mean_field, optimizer gd(lr 0.05))");
        }
        return Optional.empty();
    }

    /**
     * Why a model with hidden units cannot be trained here: a Boltzmann machine (pairwise) with
     * its hidden units after its observed ones; empty without hidden units. How many hidden
     * units the clamped phase takes is {@link #refusal(ModelOutline)}'s.
     */
    static Optional<String> hiddenRefusal(Model model, boolean pairwise) {
        ModelSpec spec = model.spec();
        int nh = spec.stateSize() - spec.observedSize();
        if (nh == 0) {
            return Optional.empty();
        }
        if (!pairwise) {
            return Optional.of(model.capability(org.thermogen.runtime.energy.BipartiteForm.class).isPresent()
                    ? "moment_matching trains Boltzmann machines with hidden units on a general graph; " + spec.name()
                            + " is a restricted Boltzmann machine: train it with cd(k 1) or pcd(k 1)"
                    : "moment_matching sums out hidden units of Boltzmann machines (pairwise energies); " + spec.name()
                            + " has a " + model.structure().describe() + " with hidden units");
        }
        for (org.thermogen.runtime.model.VariableSpec v : spec.variables()) {
            if (!v.role().isObserved() && v.offset() < spec.observedSize()) {
                return Optional.of(spec.name() + " declares hidden " + v.name() + " before an observed variable: declare"
                        + " the observed ones first");
            }
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------ pairwise energies

    /** One training run on a pairwise energy: the work arrays live here, allocated once. */
    private final class PairwiseRun {
        private final Model model;
        private final ModelSpec spec;
        private final PairwiseForm form;
        private final RunContext context;
        private final int n;
        private final Domain domain;
        private final double[] dataMean;
        private final double[] dataSecond;
        /**
         * With hidden units: the data's distinct visible rows and their frequencies; the
         * "data" moments are then the clamped phase's, {@code <phi>} over {@code p(h | v)} averaged
         * over the rows, recomputed ({@link #clamp}) wherever the parameters move.
         */
        private final double[][] visibleRows;
        private final double[] rowWeights;
        /** {@code clamped exact}: the rows' mean {@code ln sum_h exp(-E(v, h))}, which its sums give with the moments. */
        private double exactLogMarginal;
        /** The conditional machine of the hidden units given the row being clamped, rewritten for each row. */
        private final PairwiseEnergy given;
        /**
         * With hidden units and an approximate or sampled clamped phase: each distinct row's
         * engine on the conditional machine of its hidden units, made on the row's first
         * clamp; null for {@code clamped exact}.
         */
        private final Expectation.Engine[] rowEngines;
        private final ModelSpec hiddenSpec;
        private final Expectation.Engine engine;
        private final PairwiseEnergy eta;
        private final PairwiseEnergy etaZero;
        private final PairwiseEnergy direction;
        private final PairwiseEnergy product;
        private final PairwiseEnergy gradEta;
        private final double[] grad;
        private double[] eigenvector;
        private double lambda = Double.NaN;

        PairwiseRun(Model model, PairwiseForm form, Dataset data, RunContext context) {
            this.model = model;
            this.spec = model.spec();
            this.form = form;
            this.context = context;
            this.n = spec.stateSize();
            this.domain = spec.uniformDomain().orElseThrow(
                    () -> new IllegalArgumentException(spec.name() + " mixes binary and spin units"));
            this.dataMean = new double[n];
            this.dataSecond = new double[n * n];
            if (spec.observedSize() == n) {
                dataMoments(data, n, dataMean, dataSecond);
                this.visibleRows = null;
                this.rowWeights = null;
                this.given = null;
                this.rowEngines = null;
                this.hiddenSpec = null;
            } else {
                java.util.Map<String, double[]> distinct = new java.util.LinkedHashMap<>();
                java.util.Map<String, Integer> counts = new java.util.HashMap<>();
                double[] v = new double[data.columns()];
                for (int r = 0; r < data.rows(); r++) {
                    data.row(r, v);
                    String key = Arrays.toString(v);
                    distinct.putIfAbsent(key, v.clone());
                    counts.merge(key, 1, Integer::sum);
                }
                this.visibleRows = distinct.values().toArray(new double[0][]);
                this.rowWeights = new double[visibleRows.length];
                int i = 0;
                for (String key : distinct.keySet()) {
                    rowWeights[i++] = counts.get(key) / (double) data.rows();
                }
                this.given = new PairwiseEnergy(n - spec.observedSize(), domain);
                this.hiddenSpec = ModelSpec.builder(spec.name() + " given a row")
                        .variable("h", org.thermogen.runtime.model.Role.VISIBLE, domain,
                                org.thermogen.runtime.model.Shape.of(n - spec.observedSize()), false)
                        .build();
                this.rowEngines = clamped instanceof ExactExpectation ? null : new Expectation.Engine[visibleRows.length];
            }
            this.engine = expectation.start(spec, context);
            this.eta = new PairwiseEnergy(n, domain);
            this.etaZero = new PairwiseEnergy(n, domain);
            this.direction = new PairwiseEnergy(n, domain);
            this.product = new PairwiseEnergy(n, domain);
            this.gradEta = new PairwiseEnergy(n, domain);
            this.grad = new double[spec.paramSize()];
            form.couplings(new double[spec.paramSize()], etaZero);
        }

        /** Trains from {@code initialTheta}, or continues {@code from} (then {@code initialTheta} is its parameters). */
        TrainingResult run(double[] initialTheta, TrainingState from) {
            LearningRate lr = optimizer.learningRate();
            if (lr.isAuto() && !form.affine()) {
                throw new IllegalArgumentException("lr auto is 1/lambda_max of the Hessian, known only when the couplings of "
                        + spec.name() + " are linear in its parameters; give a step size: optimizer gd(lr 0.05)");
            }
            boolean exactLoss = engine.exact() || n <= EXACT_LOSS_UNITS;
            // The step is checked against the exact likelihood only when the gradient is exact too.
            boolean checked = engine.exact() && rowEngines == null;
            String lossName = exactLoss ? "neg_log_likelihood" : "moment_error";
            // The moment error is the loss itself where the likelihood cannot be had: one column then.
            MetricsHistory history = new MetricsHistory(columns(exactLoss).toArray(new String[0]));
            double[] theta = initialTheta.clone();
            form.couplings(theta, eta);
            // A continued run takes back the clamped phase it had at theta (each row's state with it)
            // and the engine's chains or warm start with the moments it had there.
            int engineAt = HEADER + 2 * theta.length;
            if (from == null || rowEngines == null) {
                clamp();
            } else {
                engineAt = restoreClamped(from.extra(), engineAt);
            }
            Enumeration.Moments restored = from == null ? null
                    : engine.restore(Arrays.copyOfRange(from.extra(), engineAt, from.extra().length));
            Enumeration.Moments m = restored != null ? restored : engine.moments(eta);
            double nll = exactLoss ? negativeLogLikelihood(m) : Double.NaN;
            double momentError = momentError(m);
            double step = 0;
            int epoch = 0;
            int restarts = 0;
            boolean accelerated = optimizer.accelerated();
            double[] candidate = new double[theta.length];
            double[] previous = theta.clone();
            double[] y = new double[theta.length];
            double t = 1;
            if (from == null) {
                history.add(exactLoss ? new double[] {0, nll, momentError, 0, Double.NaN}
                        : new double[] {0, momentError, 0, Double.NaN});
            } else {
                // The iterates of the saved epoch; the moments at theta are what the run had computed there.
                for (double[] row : from.history()) {
                    history.add(row);
                }
                epoch = from.epoch();
                double[] x = from.extra();
                t = x[0];
                restarts = (int) x[1];
                lambda = x[2];
                eigenvector = x[3] != 0 ? Arrays.copyOfRange(x, HEADER, HEADER + theta.length) : null;
                System.arraycopy(x, HEADER + theta.length, previous, 0, theta.length);
                step = history.rows().get(history.size() - 1)[history.columns().indexOf("step_size")];
            }
            context.listener().begin("train " + spec.name(), epochs);
            if (from == null) {
                context.listener().step(0, Map.of(lossName, exactLoss ? nll : momentError));
            }
            while (epoch < epochs && !(tolerance > 0 && momentError < tolerance)) {
                context.checkCancelled();
                epoch++;
                // Every epoch's draws (sampled moments) from its own stream of the seed.
                engine.reseed(context.random("train, epoch " + epoch));
                if (rowEngines != null) {
                    SplittableRandom clampedRoot = context.random("train, epoch " + epoch + ", clamped");
                    for (int r = 0; r < rowEngines.length; r++) {
                        rowEngine(r).reseed(clampedRoot.split());
                    }
                }
                // The point the gradient is taken at: theta, or its Nesterov extrapolation.
                double tNext = accelerated ? (1 + Math.sqrt(1 + 4 * t * t)) / 2 : 1;
                double beta = accelerated ? (t - 1) / tNext : 0;
                Enumeration.Moments atY = m;
                if (beta > 0) {
                    for (int i = 0; i < theta.length; i++) {
                        y[i] = theta[i] + beta * (theta[i] - previous[i]);
                    }
                    form.couplings(y, eta);
                    clamp();
                    atY = engine.moments(eta);
                } else {
                    System.arraycopy(theta, 0, y, 0, theta.length);
                }
                gradient(y, atY);
                double gradNorm = norm(grad);
                step = lr.isAuto() ? 1.0 / largestEigenvalue(y, epoch == 1) : lr.value();
                Enumeration.Moments next;
                double nextNll;
                int halvings = 0;
                boolean restart = false;
                while (true) {
                    for (int i = 0; i < theta.length; i++) {
                        candidate[i] = y[i] - step * grad[i];
                    }
                    form.couplings(candidate, eta);
                    clamp();
                    next = engine.moments(eta);
                    nextNll = exactLoss ? negativeLogLikelihood(next) : Double.NaN;
                    boolean worse = checked && !(nextNll <= nll + 1e-12 * Math.max(1, Math.abs(nll)));
                    if (worse && beta > 0) {
                        restart = true;
                        break;
                    }
                    if (!worse || ++halvings > MAX_HALVINGS) {
                        break;
                    }
                    step *= 0.5;
                }
                if (!restart && beta > 0 && !checked) {
                    // Sampled moments: restart when the gradient opposes the last move.
                    double dot = 0;
                    for (int i = 0; i < theta.length; i++) {
                        dot += grad[i] * (candidate[i] - theta[i]);
                    }
                    restart = dot > 0;
                }
                if (restart) {
                    // Drop the momentum and take this epoch again from theta.
                    restarts++;
                    System.arraycopy(theta, 0, previous, 0, theta.length);
                    t = 1;
                    form.couplings(theta, eta);
                    clamp();
                    m = engine.moments(eta);
                    epoch--;
                    continue;
                }
                System.arraycopy(theta, 0, previous, 0, theta.length);
                System.arraycopy(candidate, 0, theta, 0, theta.length);
                t = tNext;
                m = next;
                nll = nextNll;
                momentError = momentError(m);
                if (!Double.isFinite(momentError) || (exactLoss && !Double.isFinite(nll))) {
                    throw new DivergenceException("training diverged at epoch " + epoch + " of " + spec.name()
                            + "; lower lr");
                }
                double loss = exactLoss ? nll : momentError;
                history.add(exactLoss ? new double[] {epoch, nll, momentError, step, gradNorm}
                        : new double[] {epoch, momentError, step, gradNorm});
                Map<String, Double> figures = new LinkedHashMap<>();
                figures.put(lossName, loss);
                if (exactLoss) {
                    figures.put("moment_error", momentError);
                }
                figures.put("step", step);
                context.listener().state(new TrainingState(epoch, theta.clone(), new double[0],
                        extra(t, restarts, previous), history.columns(),
                        java.util.Collections.unmodifiableList(history.rows())));
                context.listener().step(epoch, figures);
                context.listener().snapshot(epoch, theta);
            }
            context.listener().end();
            Map<String, Double> summary = new LinkedHashMap<>();
            summary.put("epochs_run", (double) epoch);
            summary.put("moment_error", momentError);
            summary.put("step_size", step);
            if (lr.isAuto()) {
                summary.put("lambda_max", lambda);
            }
            if (accelerated) {
                summary.put("restarts", (double) restarts);
            }
            return new TrainingResult(theta, history, summary);
        }

        /**
         * What the next epoch depends on besides theta: Nesterov's t, restarts, lambda, the
         * eigenvector, the last iterate, the length of the clamped phase's part and that part
         * (see {@link #clampedState}), then the engine's state.
         */
        private double[] extra(double t, int restarts, double[] previous) {
            int size = previous.length;
            double[] state = engine.state();
            double[] clampedState = clampedState();
            int at = HEADER + 2 * size;
            double[] x = new double[at + clampedState.length + state.length];
            x[4] = clampedState.length;
            System.arraycopy(clampedState, 0, x, at, clampedState.length);
            System.arraycopy(state, 0, x, at + clampedState.length, state.length);
            x[0] = t;
            x[1] = restarts;
            x[2] = lambda;
            x[3] = eigenvector != null ? 1 : 0;
            if (eigenvector != null) {
                System.arraycopy(eigenvector, 0, x, HEADER, size);
            }
            System.arraycopy(previous, 0, x, HEADER + size, size);
            return x;
        }

        /** {@code grad = P A' (<phi>_model - <phi>_data)}, with the moments taken at {@code theta}. */
        private void gradient(double[] theta, Enumeration.Moments m) {
            gradEta.clear();
            for (int k = 0; k < n; k++) {
                gradEta.setBias(k, m.mean()[k] - dataMean[k]);
                for (int l = k + 1; l < n; l++) {
                    gradEta.setPair(k, l, m.second()[k * n + l] - dataSecond[k * n + l]);
                }
            }
            Arrays.fill(grad, 0.0);
            form.addCouplingsAdjoint(theta, gradEta, 1.0, grad);
            Constraints.project(spec, grad);
        }

        /**
         * Mean energy of the data (from its moments) plus {@code ln Z}; with hidden units, minus
         * the rows' mean log marginal plus {@code ln Z}.
         */
        private double negativeLogLikelihood(Enumeration.Moments m) {
            double logZ = Double.isNaN(m.logPartition()) ? Enumeration.logPartition(eta, context.pool()) : m.logPartition();
            return (visibleRows == null ? meanEnergy(eta, dataMean, dataSecond) : -dataLogMarginal()) + logZ;
        }

        /**
         * The rows' mean log marginal {@code ln sum_h exp(-E(v, h))} at the current {@code eta}:
         * what the exact clamped phase summed, or enumerated here (only where the likelihood is
         * reported exactly: at most {@value #EXACT_LOSS_UNITS} units in all).
         */
        private double dataLogMarginal() {
            if (rowEngines == null) {
                return exactLogMarginal;
            }
            double sum = 0;
            for (int r = 0; r < visibleRows.length; r++) {
                sum += rowWeights[r] * Enumeration.logMarginal(eta, visibleRows[r]);
            }
            return sum;
        }

        /**
         * The clamped phase at the current {@code eta}: for every distinct row {@code v}, the
         * moments of {@code (v, h)} under {@code p(h | v)} (the conditional Boltzmann machine
         * of the hidden units, {@link Enumeration#conditional}), exact (with the rows' log
         * marginal) or from the row's own engine, weighted by the row's frequency. Nothing to do
         * without hidden units: the data's moments are fixed.
         */
        private void clamp() {
            if (visibleRows == null) {
                return;
            }
            int nv = spec.observedSize();
            int nh = n - nv;
            Arrays.fill(dataMean, 0.0);
            Arrays.fill(dataSecond, 0.0);
            double logMarginal = 0;
            for (int r = 0; r < visibleRows.length; r++) {
                double[] v = visibleRows[r];
                double w = rowWeights[r];
                Enumeration.conditional(eta, v, given);
                Enumeration.Moments h;
                if (rowEngines == null) {
                    h = Enumeration.moments(given, null);
                    logMarginal += w * h.logPartition();
                } else {
                    h = rowEngine(r).moments(given);
                }
                for (int k = 0; k < n; k++) {
                    double sk = k < nv ? v[k] : h.mean()[k - nv];
                    dataMean[k] += w * sk;
                    for (int l = k + 1; l < n; l++) {
                        double kl;
                        if (l < nv) {
                            kl = v[k] * v[l];
                        } else if (k < nv) {
                            kl = v[k] * h.mean()[l - nv];
                        } else {
                            kl = h.second()[(k - nv) * nh + (l - nv)];
                        }
                        dataSecond[k * n + l] += w * kl;
                        dataSecond[l * n + k] += w * kl;
                    }
                }
            }
            exactLogMarginal = logMarginal;
        }

        /**
         * Row {@code r}'s engine, made on first use on a stream of its own (a fresh engine of
         * every row would otherwise start from the same seed); the first one made checks that
         * an engine for every row fits in memory.
         */
        private Expectation.Engine rowEngine(int r) {
            if (rowEngines[r] == null) {
                Expectation.Engine e = clamped.start(hiddenSpec, context);
                e.reseed(context.random("train, clamped row " + r));
                rowEngines[r] = e;
                if (r == 0) {
                    requireRoom(e.state().length);
                }
            }
            return rowEngines[r];
        }

        /**
         * An approximate or sampled clamped phase as it stands: the data moments it gave (first
         * and pair) and each row's engine state; empty for an exact one, which the parameters
         * alone determine.
         */
        private double[] clampedState() {
            if (rowEngines == null) {
                return new double[0];
            }
            double[][] states = new double[rowEngines.length][];
            int length = -1;
            for (int r = 0; r < rowEngines.length; r++) {
                states[r] = rowEngine(r).state();
                length = states[r].length;
            }
            double[] x = new double[n + n * n + rowEngines.length * length];
            System.arraycopy(dataMean, 0, x, 0, n);
            System.arraycopy(dataSecond, 0, x, n, n * n);
            for (int r = 0; r < rowEngines.length; r++) {
                System.arraycopy(states[r], 0, x, n + n * n + r * length, length);
            }
            return x;
        }

        /** Takes back what {@link #clampedState} saved at {@code x[at ..]}; returns where the engine's state starts. */
        private int restoreClamped(double[] x, int at) {
            int length = (int) x[4];
            int rows = rowEngines.length;
            int per = (length - n - n * n) / rows;
            if (per <= 0 || n + n * n + rows * per != length || at + length > x.length) {
                throw new IllegalArgumentException("the saved run's clamped phase does not fit " + rows + " distinct rows"
                        + " of " + spec.name() + ": it ran on other data or with another clamped expectation");
            }
            System.arraycopy(x, at, dataMean, 0, n);
            System.arraycopy(x, at + n, dataSecond, 0, n * n);
            for (int r = 0; r < rows; r++) {
                int from = at + n + n * n + r * per;
                rowEngine(r).restore(Arrays.copyOfRange(x, from, from + per));
            }
            return at + length;
        }

        /** Every distinct row keeps {@code length} values of the clamped engine: refused beyond a quarter of the heap. */
        private void requireRoom(int length) {
            long bytes = (long) length * visibleRows.length * Double.BYTES;
            if (bytes > Runtime.getRuntime().maxMemory() / 4) {
                throw new IllegalArgumentException("clamped " + clamped.describe() + " keeps an engine of " + length
                        + " values for each of the " + visibleRows.length + " distinct rows of the data (" + (bytes >> 20)
                        + " MB),"
                        + " more than a quarter of this Java's memory: use clamped mean_field, fewer chains or sweeps,"
                        + " or give Java more memory (-Xmx)");
            }
        }

        private double momentError(Enumeration.Moments m) {
            double worst = 0;
            for (int k = 0; k < n; k++) {
                worst = Math.max(worst, Math.abs(m.mean()[k] - dataMean[k]));
                for (int l = k + 1; l < n; l++) {
                    worst = Math.max(worst, Math.abs(m.second()[k * n + l] - dataSecond[k * n + l]));
                }
            }
            return worst;
        }

        /**
         * {@code lambda_max} of {@code P A' Cov(phi) A} by power iteration, warm-started from the
         * previous eigenvector; the covariance is the engine's at the current parameters.
         */
        private double largestEigenvalue(double[] theta, boolean first) {
            int size = theta.length;
            if (eigenvector == null) {
                eigenvector = new double[size];
                SplittableRandom r = context.random("train.eigenvector");
                for (int i = 0; i < size; i++) {
                    eigenvector[i] = r.nextGaussian();
                }
                Constraints.project(spec, eigenvector);
                normalize(eigenvector);
            }
            double[] out = new double[size];
            int iterations = first ? FIRST_ITERATIONS : WARM_ITERATIONS;
            double estimate = Double.NaN;
            for (int it = 0; it < iterations; it++) {
                hessianTimes(theta, eigenvector, out);
                double norm = norm(out);
                if (!(norm > 0)) {
                    // Exact moments: no curvature in any free direction, the objective is flat here.
                    // Sampled ones: every recorded state alike, which says nothing of the curvature; the
                    // covariance of features in [-1, 1] has lambda_max at most their number.
                    estimate = engine.exact() ? 1e-12 : Double.isNaN(lambda) ? n + n * (n - 1) / 2.0 : lambda;
                    break;
                }
                double previous = estimate;
                estimate = norm;
                for (int i = 0; i < size; i++) {
                    eigenvector[i] = out[i] / norm;
                }
                if (first && Math.abs(estimate - previous) <= 1e-6 * estimate) {
                    break;
                }
            }
            if (!engine.exact() && !Double.isNaN(lambda) && estimate < lambda / 2) {
                // A sampled covariance from few states can understate the curvature by orders of
                // magnitude, and the step is its inverse: let the step at most double per epoch.
                estimate = lambda / 2;
            }
            lambda = estimate;
            return estimate;
        }

        /** {@code out = P A' Cov(phi) A v}; {@code A v = eta(v) - eta(0)} for an affine map. */
        private void hessianTimes(double[] theta, double[] v, double[] out) {
            form.couplings(v, direction);
            for (int k = 0; k < n; k++) {
                direction.setBias(k, direction.bias(k) - etaZero.bias(k));
                for (int l = k + 1; l < n; l++) {
                    direction.setPair(k, l, direction.pair(k, l) - etaZero.pair(k, l));
                }
            }
            engine.covarianceProduct(direction, product);
            Arrays.fill(out, 0.0);
            form.addCouplingsAdjoint(theta, product, 1.0, out);
            Constraints.project(spec, out);
        }
    }

    // ------------------------------------------------------------------ general energies

    /** Exact gradient {@code <dE/dtheta>_data - <dE/dtheta>_model} for any energy on at most 24 units. */
    private TrainingResult genericRun(Model model, double[] initialTheta, TrainingState from, Dataset data,
            RunContext context) {
        ModelSpec spec = model.spec();
        if (!(expectation instanceof ExactExpectation)) {
            throw new IllegalArgumentException("gibbs expectations need a pairwise energy; " + spec.name() + " has a "
                    + model.structure().describe() + ": use expectation exact");
        }
        LearningRate lr = optimizer.learningRate();
        if (lr.isAuto()) {
            throw new IllegalArgumentException("lr auto needs couplings linear in the parameters; " + spec.name()
                    + " has a " + model.structure().describe() + ": give a step size, optimizer gd(lr 0.05)");
        }
        Enumeration.checkSize(spec.stateSize());
        EnergyFunction f = model.requireEnergy(describe());
        MetricsHistory history = new MetricsHistory("epoch", "neg_log_likelihood", "step_size", "grad_norm");
        double[] theta = initialTheta.clone();
        double[] dataGrad = new double[theta.length];
        double[] modelGrad = new double[theta.length];
        double[] grad = new double[theta.length];
        double[] x = new double[spec.stateSize()];
        Updater updater = optimizer.start(spec);
        int first = 0;
        if (from != null) {
            // Continued at the saved epoch: its gradient is computed again (the same bits), its row is not.
            updater.restore(from.optimizer());
            from.history().forEach(history::add);
            first = from.epoch();
        }
        context.listener().begin("train " + spec.name(), epochs);
        double nll = Double.NaN;
        for (int epoch = first; epoch <= epochs; epoch++) {
            context.checkCancelled();
            Arrays.fill(dataGrad, 0.0);
            double meanEnergy = 0;
            for (int r = 0; r < data.rows(); r++) {
                data.row(r, x);
                meanEnergy += f.energy(x, theta) / data.rows();
                f.addParameterGradient(x, theta, 1.0 / data.rows(), dataGrad);
            }
            double logZ = GenericEnumeration.logPartition(f, theta, modelGrad);
            nll = meanEnergy + logZ;
            if (!Double.isFinite(nll)) {
                throw new DivergenceException("training diverged at epoch " + epoch + " of " + spec.name() + "; lower lr");
            }
            for (int i = 0; i < grad.length; i++) {
                grad[i] = dataGrad[i] - modelGrad[i];
            }
            Constraints.project(spec, grad);
            if (from == null || epoch > from.epoch()) {
                history.add(epoch, nll, epoch == 0 ? 0 : lr.value(), norm(grad));
                context.listener().state(new TrainingState(epoch, theta.clone(), updater.state(), new double[0],
                        history.columns(), java.util.Collections.unmodifiableList(history.rows())));
                context.listener().step(epoch, Map.of("neg_log_likelihood", nll));
                if (epoch > 0) {
                    context.listener().snapshot(epoch, theta);
                }
            }
            if (epoch == epochs) {
                break;
            }
            // Through the optimizer, so nesterov accelerates here too (it used to be plain descent).
            updater.step(theta, grad, (double) epoch / epochs);
        }
        context.listener().end();
        Map<String, Double> summary = new LinkedHashMap<>();
        summary.put("epochs_run", (double) epochs);
        summary.put("neg_log_likelihood", nll);
        return new TrainingResult(theta, history, summary);
    }

    // ------------------------------------------------------------------ helpers

    /** The columns of a pairwise run's history: with the likelihood, the moment error beside it. */
    private static List<String> columns(boolean likelihood) {
        return likelihood ? List.of("epoch", "neg_log_likelihood", "moment_error", "step_size", "grad_norm")
                : List.of("epoch", "moment_error", "step_size", "grad_norm");
    }

    /** First moments and pair moments ({@code k < l}) of the rows. */
    static void dataMoments(Dataset data, int n, double[] mean, double[] second) {
        if (data.columns() != n) {
            throw new IllegalArgumentException(data.name() + " has " + data.columns() + " columns, the model " + n + " units");
        }
        double[] v = data.values();
        int rows = data.rows();
        for (int r = 0; r < rows; r++) {
            int o = r * n;
            for (int k = 0; k < n; k++) {
                double sk = v[o + k];
                if (sk == 0.0) {
                    continue;
                }
                mean[k] += sk;
                for (int l = k + 1; l < n; l++) {
                    second[k * n + l] += sk * v[o + l];
                }
            }
        }
        for (int k = 0; k < n; k++) {
            mean[k] /= rows;
            for (int l = k + 1; l < n; l++) {
                second[k * n + l] /= rows;
                second[l * n + k] = second[k * n + l];
            }
        }
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    private static void normalize(double[] v) {
        double n = norm(v);
        if (n > 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] /= n;
            }
        }
    }

    /** Settings of {@code moment_matching(...)}. */
    public static final class Builder extends HeldOutSettings<Builder> {
        private Expectation expectation = ExactExpectation.builder().build();
        private Expectation clamped = ExactExpectation.builder().build();
        private Optimizer optimizer = GradientDescent.builder().build();
        private int epochs = 200;
        private double tolerance;


        public Builder expectation(Expectation v) {
            this.expectation = v;
            return this;
        }

        /**
         * How the clamped phase of a machine with hidden units is computed, each row's hidden
         * units given the row: exact (the default), mean_field, tap or gibbs.
         */
        public Builder clamped(Expectation v) {
            this.clamped = java.util.Objects.requireNonNull(v);
            return this;
        }

        public Builder optimizer(Optimizer v) {
            this.optimizer = v;
            return this;
        }

        public Builder epochs(int v) {
            this.epochs = v;
            return this;
        }

        public Builder tolerance(double v) {
            this.tolerance = v;
            return this;
        }


        public MomentMatching build() {
            Epochs.require("moment_matching", epochs);
            if (tolerance < 0) {
                throw new IllegalArgumentException("tolerance cannot be negative");
            }
            Validation validation = buildValidation("moment_matching");
            if (validation != null && !(expectation instanceof ExactExpectation)) {
                throw new IllegalArgumentException("moment_matching measures the held-out likelihood only with expectation"
                        + " exact: remove validation, or use expectation exact");
            }
            return new MomentMatching(expectation, clamped, optimizer, epochs, tolerance, validation);
        }
    }
}
