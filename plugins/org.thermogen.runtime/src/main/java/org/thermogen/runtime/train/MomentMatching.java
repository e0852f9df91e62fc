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
 * <p>Settings ({@code moment_matching(expectation exact) { optimizer gd(lr auto) epochs 200
 * tolerance 1e-6 }}): {@code expectation} (default exact), {@code optimizer} (default
 * gd(lr auto)), {@code epochs} (default 200), {@code tolerance} (default 0: run every epoch;
 * otherwise stop once every moment is within it).
 */
public final class MomentMatching implements Trainer {
    /** Power iterations on the first epoch, and on later (warm-started) ones. */
    private static final int FIRST_ITERATIONS = 60;
    private static final int WARM_ITERATIONS = 1;
    private static final int MAX_HALVINGS = 40;
    /** Units up to which the exact log-likelihood is reported even with Gibbs expectations. */
    private static final int EXACT_LOSS_UNITS = 20;

    private final Expectation expectation;
    private final Optimizer optimizer;
    private final int epochs;
    private final double tolerance;
    private final Validation validation;

    private MomentMatching(Expectation expectation, Optimizer optimizer, int epochs, double tolerance,
            Validation validation) {
        this.expectation = expectation;
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
        return "moment_matching(expectation " + expectation.describe() + ", optimizer " + optimizer.describe()
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
        return new MomentMatching(expectation, optimizer, newEpochs, tolerance, validation);
    }

    @Override
    public TrainingResult train(Model model, double[] initialTheta, Dataset data, RunContext context) {
        ModelSpec spec = model.spec();
        if (!spec.isDiscrete()) {
            throw new IllegalArgumentException("moment_matching trains Boltzmann machines on binary or spin units; "
                    + spec.name() + " has real units");
        }
        Optional<PairwiseForm> pairwise = model.capability(PairwiseForm.class);
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
                ? java.util.List.of("epoch", loss, "moment_error", "step_size", "grad_norm")
                : java.util.List.of("epoch", "neg_log_likelihood", "step_size", "grad_norm"), true);
        if (pairwise ? from.extra().length < 4 + 2 * size : from.extra().length != 0) {
            throw new IllegalArgumentException("the saved run is not one of " + describe() + " on " + model.spec().name());
        }
        if (pairwise) {
            return new PairwiseRun(model, form.get(), data, context).run(from.theta(), from);
        }
        return genericRun(model, from.theta(), from, data, context);
    }

    /** The most hidden units whose states are summed for each data row (the clamped phase). */
    public static final int CLAMPED_HIDDEN = 20;

    /**
     * Why a model with hidden units cannot be trained here: the clamped phase is exact over the
     * hidden states of each row, so a Boltzmann machine (pairwise) of at most
     * {@value #CLAMPED_HIDDEN} hidden units after its observed ones; empty without hidden units.
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
        if (nh > CLAMPED_HIDDEN) {
            return Optional.of("moment_matching sums the " + nh + " hidden units of " + spec.name() + " for every data"
                    + " row, at most " + CLAMPED_HIDDEN + ": use fewer hidden units");
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
         * over the rows, recomputed ({@link #clamp}) wherever the parameters move, and
         * {@link #dataLogMarginal} the rows' mean {@code ln sum_h exp(-E(v, h))}.
         */
        private final double[][] visibleRows;
        private final double[] rowWeights;
        private double dataLogMarginal;
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
            String lossName = exactLoss ? "neg_log_likelihood" : "moment_error";
            MetricsHistory history = new MetricsHistory("epoch", lossName, "moment_error", "step_size", "grad_norm");
            double[] theta = initialTheta.clone();
            form.couplings(theta, eta);
            clamp();
            // A continued run takes back the engine's chains or warm start and the moments it had at theta.
            Enumeration.Moments restored = from == null ? null
                    : engine.restore(Arrays.copyOfRange(from.extra(), 4 + 2 * theta.length, from.extra().length));
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
                history.add(0, exactLoss ? nll : momentError, momentError, 0, Double.NaN);
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
                eigenvector = x[3] != 0 ? Arrays.copyOfRange(x, 4, 4 + theta.length) : null;
                System.arraycopy(x, 4 + theta.length, previous, 0, theta.length);
                step = history.rows().get(history.size() - 1)[3];
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
                    boolean worse = engine.exact() && !(nextNll <= nll + 1e-12 * Math.max(1, Math.abs(nll)));
                    if (worse && beta > 0) {
                        restart = true;
                        break;
                    }
                    if (!worse || ++halvings > MAX_HALVINGS) {
                        break;
                    }
                    step *= 0.5;
                }
                if (!restart && beta > 0 && !engine.exact()) {
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
                history.add(epoch, loss, momentError, step, gradNorm);
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

        /** What the next epoch depends on besides theta: Nesterov's t, restarts, lambda, the eigenvector, the last iterate. */
        private double[] extra(double t, int restarts, double[] previous) {
            int size = previous.length;
            double[] state = engine.state();
            double[] x = new double[4 + 2 * size + state.length];
            System.arraycopy(state, 0, x, 4 + 2 * size, state.length);
            x[0] = t;
            x[1] = restarts;
            x[2] = lambda;
            x[3] = eigenvector != null ? 1 : 0;
            if (eigenvector != null) {
                System.arraycopy(eigenvector, 0, x, 4, size);
            }
            System.arraycopy(previous, 0, x, 4 + size, size);
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
            return (visibleRows == null ? meanEnergy(eta, dataMean, dataSecond) : -dataLogMarginal) + logZ;
        }

        /**
         * The clamped phase at the current {@code eta}: for every distinct row {@code v}, the
         * exact moments of {@code (v, h)} under {@code p(h | v)} (the conditional Boltzmann machine
         * of the hidden units, {@link Enumeration#conditional}), weighted by the row's frequency.
         * Nothing to do without hidden units: the data's moments are fixed.
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
                Enumeration.Moments h = Enumeration.moments(Enumeration.conditional(eta, v), null);
                logMarginal += w * h.logPartition();
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
            dataLogMarginal = logMarginal;
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
        private Optimizer optimizer = GradientDescent.builder().build();
        private int epochs = 200;
        private double tolerance;


        public Builder expectation(Expectation v) {
            this.expectation = v;
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
            return new MomentMatching(expectation, optimizer, epochs, tolerance, validation);
        }
    }
}
