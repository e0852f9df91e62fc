package org.thermogen.runtime.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.mult.MatrixMatrixMult_DDRM;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.energy.PairwiseForm;
import org.thermogen.runtime.model.Constraints;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.run.Parallel;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.run.TrainingState;

/**
 * Fits a fully visible Boltzmann machine by maximum pseudo-likelihood ({@code train on D
 * with pseudo_likelihood { optimizer gd(lr auto) epochs 200 tolerance 1e-6 }}), without
 * sampling and without {@code Z}: each unit's conditional given the others is known in
 * closed form from its local field {@code f_k = b_k + sum_l W_kl s_l},
 * {@code log p(s_k | rest) = -softplus(-2 s_k f_k)} for spins and
 * {@code x_k f_k - softplus(f_k)} for binary units. The loss is the exact mean over the
 * rows of {@code -sum_k log p(s_k | rest)} (nats per example), with gradient
 * {@code dL/db_k = -<r_k>}, {@code dL/dW_kl = -<r_k s_l + r_l s_k>}, {@code r_k = s_k -
 * tanh(f_k)} (spins) or {@code x_k - sigmoid(f_k)} (binary): the pseudo-likelihood is
 * consistent, so with enough data its maximum is the true machine. The gradient reaches
 * the parameters through the adjoint of the generated couplings map, and constraints
 * through {@link Constraints#project}. Fields and products are computed a block of rows at
 * a time with dense matrix products, blocks in parallel and summed in order, so results do
 * not depend on the number of threads.
 *
 * <p>With {@code lr auto} every step is a backtracking line search on the exact loss: from
 * twice the last accepted step, halve until the Armijo condition
 * {@code L(theta - t d) <= L(theta) - t g.d / 2} holds ({@code d} the projected gradient,
 * {@code g.d} the slope along it), so the loss decreases at every epoch. Near the minimum,
 * where that decrease is below 1e-10 of the loss and lost in its rounding, a step is accepted
 * while the slope at its end still points down, which for this convex loss (softplus of
 * fields linear in the natural parameters) cannot increase it; training stops early when no
 * step passes. With {@code nesterov(lr auto)} the search starts from the extrapolated point
 * and momentum restarts whenever a step would increase the loss. With a fixed step the
 * optimizer's update rule applies to the full-batch gradient.
 *
 * <p>Settings: {@code optimizer} (default {@code gd(lr auto)}), {@code epochs} (default 200),
 * {@code tolerance} (default 0: run every epoch; otherwise stop once no component of the
 * projected gradient exceeds it).
 */
public final class PseudoLikelihoodTraining implements Trainer {
    private static final int MAX_HALVINGS = 60;
    private static final double MAX_STEP = 1e6;
    /**
     * Relative decrease of the loss below which the line search judges a step by the slope
     * at its end rather than by the loss, whose rounding is then of the same size.
     */
    private static final double VISIBLE_DECREASE = 1e-10;
    /** Rows per block of the matrix products. */
    private static final int BLOCK_ROWS = 1024;
    /** Blocks are summed in at most this many pieces, a number that does not depend on threads. */
    private static final int PIECES = 16;

    private final Optimizer optimizer;
    private final int epochs;
    private final double tolerance;
    private final Validation validation;

    private PseudoLikelihoodTraining(Optimizer optimizer, int epochs, double tolerance, Validation validation) {
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
        return "pseudo_likelihood(optimizer " + optimizer.describe() + ", epochs " + epochs + ", tolerance " + tolerance
                + (validation == null ? "" : validation.describe()) + ")";
    }

    @Override
    public Optional<Validation> validation() {
        return Optional.ofNullable(validation);
    }

    @Override
    public boolean measuresHeldOut() {
        return true;
    }

    /** The loss on {@code rows}: their negative mean log pseudo-likelihood, exact. */
    @Override
    public HeldOutLoss heldOutLoss(Model model, Dataset rows, RunContext context) {
        ModelSpec spec = model.spec();
        PairwiseForm form = model.capability(PairwiseForm.class).orElseThrow(() -> new IllegalArgumentException(
                "pseudo_likelihood trains pairwise energies; " + spec.name() + " has a " + model.structure().describe()));
        Objective objective = new Objective(spec, form, spec.uniformDomain().orElseThrow(
                () -> new IllegalArgumentException(spec.name() + " mixes binary and spin units")), rows, context);
        return theta -> objective.evaluate(theta, null);
    }

    @Override
    public Trainer withEpochs(int newEpochs) {
        return new PseudoLikelihoodTraining(optimizer, newEpochs, tolerance, validation);
    }

    @Override
    public TrainingResult train(Model model, double[] initialTheta, Dataset data, RunContext context) {
        ModelSpec spec = model.spec();
        Optional<PairwiseForm> pairwise = model.capability(PairwiseForm.class);
        if (!spec.isDiscrete() || spec.observedSize() != spec.stateSize() || pairwise.isEmpty()) {
            throw new IllegalArgumentException("pseudo_likelihood trains fully visible Boltzmann machines (pairwise"
                    + " energies on observed binary or spin units); " + spec.name() + " has a "
                    + model.structure().describe() + (spec.observedSize() != spec.stateSize() ? " with hidden units" : ""));
        }
        Domain domain = spec.uniformDomain().orElseThrow(
                () -> new IllegalArgumentException(spec.name() + " mixes binary and spin units"));
        Objective objective = new Objective(spec, pairwise.get(), domain, data, context);
        return optimizer.learningRate().isAuto() ? lineSearch(spec, objective, initialTheta, null, context)
                : fixedStep(spec, objective, initialTheta, null, context);
    }

    /** The loss is deterministic in the parameters: a run's state is its iterates and step rule's memory. */
    @Override
    public boolean resumable() {
        return true;
    }

    @Override
    public TrainingResult resume(Model model, TrainingState from, Dataset data, RunContext context) {
        ModelSpec spec = model.spec();
        int size = spec.paramSize();
        boolean auto = optimizer.learningRate().isAuto();
        from.requireOf(describe(), spec.name(), size, epochs, history().columns(), true);
        if (from.extra().length != (auto ? 3 + size : 0)) {
            throw new IllegalArgumentException("the saved run is not one of " + describe() + " on " + spec.name());
        }
        Optional<PairwiseForm> pairwise = model.capability(PairwiseForm.class);
        if (!spec.isDiscrete() || spec.observedSize() != spec.stateSize() || pairwise.isEmpty()) {
            return train(model, from.theta(), data, context);
        }
        Objective objective = new Objective(spec, pairwise.get(), spec.uniformDomain().orElseThrow(), data, context);
        return auto ? lineSearch(spec, objective, from.theta(), from, context)
                : fixedStep(spec, objective, from.theta(), from, context);
    }

    /**
     * The loss at {@code theta} and its gradient with respect to every entry of
     * {@code theta} (before projection onto the constraints), written into {@code grad}.
     */
    static double lossAndGradient(Model model, double[] theta, Dataset data, RunContext context,
            double[] grad) {
        ModelSpec spec = model.spec();
        PairwiseForm form = model.requireCapability(PairwiseForm.class, "pseudo_likelihood");
        return new Objective(spec, form, spec.uniformDomain().orElseThrow(), data, context).evaluate(theta, grad);
    }

    // ------------------------------------------------------------------ optimizers

    /** Backtracking line search on the exact loss, optionally from a Nesterov extrapolation. */
    private TrainingResult lineSearch(ModelSpec spec, Objective objective, double[] initialTheta, TrainingState from,
            RunContext context) {
        int size = initialTheta.length;
        MetricsHistory history = history();
        double[] theta = initialTheta.clone();
        double[] previous = theta.clone();
        double[] y = new double[size];
        double[] candidate = new double[size];
        double[] raw = new double[size];
        double[] candidateRaw = new double[size];
        double[] direction = new double[size];
        double loss = objective.evaluate(theta, raw);
        checkFinite(loss, 0, spec);
        project(spec, raw, direction);
        double gradMax = maxAbs(direction);
        boolean accelerated = optimizer.accelerated();
        context.listener().begin("train " + spec.name(), epochs);
        double step = 1.0;
        double t = 1;
        int epoch = 0;
        int restarts = 0;
        if (from == null) {
            history.add(0, loss, gradMax, 0);
            context.listener().step(0, Map.of("neg_log_pseudo_likelihood", loss));
        } else {
            // The loss and gradient at theta are what the run had computed there (the same bits).
            from.history().forEach(history::add);
            epoch = from.epoch();
            double[] x = from.extra();
            step = x[0];
            t = x[1];
            restarts = (int) x[2];
            System.arraycopy(x, 3, previous, 0, size);
        }
        double[] extra = new double[3 + size];
        boolean stalled = false;
        while (epoch < epochs && !(tolerance > 0 && gradMax <= tolerance)) {
            context.checkCancelled();
            double tNext = accelerated ? (1 + Math.sqrt(1 + 4 * t * t)) / 2 : 1;
            double beta = accelerated ? (t - 1) / tNext : 0;
            double fromLoss = loss;
            if (beta > 0) {
                for (int i = 0; i < size; i++) {
                    y[i] = theta[i] + beta * (theta[i] - previous[i]);
                }
                fromLoss = objective.evaluate(y, raw);
                project(spec, raw, direction);
            } else {
                System.arraycopy(theta, 0, y, 0, size);
            }
            double slope = dot(raw, direction);
            double trial = Math.min(2 * step, MAX_STEP);
            double candidateLoss = Double.NaN;
            boolean accepted = false;
            boolean withGradient = false;
            for (int h = 0; h <= MAX_HALVINGS && slope > 0; h++, trial *= 0.5) {
                for (int i = 0; i < size; i++) {
                    candidate[i] = y[i] - trial * direction[i];
                }
                double predicted = 0.5 * trial * slope;
                withGradient = !(predicted > VISIBLE_DECREASE * Math.max(1, Math.abs(fromLoss)));
                if (!withGradient) {
                    // Armijo: at least half the decrease the slope promises.
                    candidateLoss = objective.evaluate(candidate, null);
                    accepted = candidateLoss <= fromLoss - predicted;
                } else {
                    // A decrease this small drowns in the rounding of the loss, but the slope does
                    // not: accept while the step stops short of the minimum along the line, which
                    // for this convex loss cannot increase it.
                    candidateLoss = objective.evaluate(candidate, candidateRaw);
                    accepted = dot(candidateRaw, direction) >= 0;
                }
                if (accepted) {
                    break;
                }
            }
            if (beta > 0 && (!accepted || candidateLoss > loss)) {
                // The extrapolation overshot: drop the momentum and take the epoch again from theta.
                restarts++;
                t = 1;
                System.arraycopy(theta, 0, previous, 0, size);
                loss = objective.evaluate(theta, raw);
                project(spec, raw, direction);
                continue;
            }
            if (!accepted) {
                // Not even the smallest step helps: this is the minimum in double precision.
                stalled = true;
                break;
            }
            epoch++;
            step = trial;
            t = tNext;
            System.arraycopy(theta, 0, previous, 0, size);
            System.arraycopy(candidate, 0, theta, 0, size);
            if (withGradient) {
                loss = candidateLoss;
                System.arraycopy(candidateRaw, 0, raw, 0, size);
            } else {
                loss = objective.evaluate(theta, raw);
            }
            checkFinite(loss, epoch, spec);
            project(spec, raw, direction);
            gradMax = maxAbs(direction);
            extra[0] = step;
            extra[1] = t;
            extra[2] = restarts;
            System.arraycopy(previous, 0, extra, 3, size);
            record(history, context, epoch, loss, gradMax, step, theta, new double[0], extra);
        }
        context.listener().end();
        Map<String, Double> summary = summary(epoch, loss, gradMax, step);
        summary.put("converged", stalled || (tolerance > 0 && gradMax <= tolerance) ? 1.0 : 0.0);
        if (accelerated) {
            summary.put("restarts", (double) restarts);
        }
        return new TrainingResult(theta, history, summary);
    }

    /** The optimizer's own update rule on the full-batch gradient. */
    private TrainingResult fixedStep(ModelSpec spec, Objective objective, double[] initialTheta, TrainingState from,
            RunContext context) {
        Updater updater = optimizer.start(spec);
        if (from != null) {
            updater.restore(from.optimizer());
        }
        int size = initialTheta.length;
        MetricsHistory history = history();
        double[] theta = initialTheta.clone();
        double[] raw = new double[size];
        double[] direction = new double[size];
        double loss = objective.evaluate(theta, raw);
        checkFinite(loss, 0, spec);
        project(spec, raw, direction);
        double gradMax = maxAbs(direction);
        double step = optimizer.learningRate().value();
        context.listener().begin("train " + spec.name(), epochs);
        int epoch = 0;
        if (from == null) {
            history.add(0, loss, gradMax, 0);
            context.listener().step(0, Map.of("neg_log_pseudo_likelihood", loss));
        } else {
            from.history().forEach(history::add);
            epoch = from.epoch();
        }
        double[] none = new double[0];
        while (epoch < epochs && !(tolerance > 0 && gradMax <= tolerance)) {
            context.checkCancelled();
            updater.step(theta, direction, (double) epoch / epochs);
            epoch++;
            loss = objective.evaluate(theta, raw);
            checkFinite(loss, epoch, spec);
            project(spec, raw, direction);
            gradMax = maxAbs(direction);
            record(history, context, epoch, loss, gradMax, step, theta, updater.state(), none);
        }
        context.listener().end();
        Map<String, Double> summary = summary(epoch, loss, gradMax, step);
        summary.put("converged", tolerance > 0 && gradMax <= tolerance ? 1.0 : 0.0);
        return new TrainingResult(theta, history, summary);
    }

    private static MetricsHistory history() {
        return new MetricsHistory("epoch", "neg_log_pseudo_likelihood", "grad_max", "step_size");
    }

    private static void record(MetricsHistory history, RunContext context, int epoch, double loss, double gradMax,
            double step, double[] theta, double[] optimizerState, double[] extra) {
        history.add(epoch, loss, gradMax, step);
        context.listener().state(new TrainingState(epoch, theta.clone(), optimizerState, extra.clone(), history.columns(),
                java.util.Collections.unmodifiableList(history.rows())));
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("neg_log_pseudo_likelihood", loss);
        figures.put("grad_max", gradMax);
        figures.put("step", step);
        context.listener().step(epoch, figures);
        context.listener().snapshot(epoch, theta);
    }

    private static Map<String, Double> summary(int epoch, double loss, double gradMax, double step) {
        Map<String, Double> summary = new LinkedHashMap<>();
        summary.put("epochs_run", (double) epoch);
        summary.put("neg_log_pseudo_likelihood", loss);
        summary.put("grad_max", gradMax);
        summary.put("step_size", step);
        return summary;
    }

    private static void checkFinite(double loss, int epoch, ModelSpec spec) {
        if (!Double.isFinite(loss)) {
            throw new DivergenceException("training diverged at epoch " + epoch + " of " + spec.name() + "; lower lr");
        }
    }

    private static void project(ModelSpec spec, double[] raw, double[] out) {
        System.arraycopy(raw, 0, out, 0, raw.length);
        Constraints.project(spec, out);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    // ------------------------------------------------------------------ the objective

    /** The mean negative log pseudo-likelihood of the rows and its gradient; work arrays allocated once. */
    private static final class Objective {
        private final PairwiseForm form;
        private final boolean spin;
        private final int n;
        private final int rows;
        private final double[] values;
        private final RunContext context;
        private final PairwiseEnergy eta;
        private final PairwiseEnergy gradEta;
        private final DMatrixRMaj w;
        private final int pieces;
        private final Piece[] work;

        /** One piece's blocks, matrices and partial sums. */
        private final class Piece {
            final DMatrixRMaj x = new DMatrixRMaj(BLOCK_ROWS, n);
            final DMatrixRMaj fields = new DMatrixRMaj(BLOCK_ROWS, n);
            final DMatrixRMaj products = new DMatrixRMaj(n, n);
            final double[] residualSum = new double[n];
            double loss;
        }

        Objective(ModelSpec spec, PairwiseForm form, Domain domain, Dataset data, RunContext context) {
            this.form = form;
            this.spin = domain == Domain.SPIN;
            this.n = spec.stateSize();
            if (data.columns() != n) {
                throw new IllegalArgumentException(data.name() + " has " + data.columns() + " columns, the model " + n
                        + " units");
            }
            if (data.rows() == 0) {
                throw new IllegalArgumentException(data.name() + " has no rows to train on");
            }
            this.rows = data.rows();
            this.values = data.values();
            double low = spin ? -1.0 : 0.0;
            for (int i = 0; i < values.length; i++) {
                if (values[i] != 1.0 && values[i] != low) {
                    throw new IllegalArgumentException(data.name() + " row " + (i / n + 1) + " column " + (i % n + 1)
                            + " is " + values[i] + "; " + spec.name() + " has " + (spin ? "spin units (-1 or 1)"
                                    : "binary units (0 or 1)"));
                }
            }
            this.context = context;
            this.eta = new PairwiseEnergy(n, domain);
            this.gradEta = new PairwiseEnergy(n, domain);
            this.w = new DMatrixRMaj(n, n);
            int blocks = (rows + BLOCK_ROWS - 1) / BLOCK_ROWS;
            this.pieces = Math.min(PIECES, blocks);
            this.work = new Piece[pieces];
            for (int p = 0; p < pieces; p++) {
                work[p] = new Piece();
            }
        }

        /**
         * The loss at {@code theta}; with {@code grad} non-null, also its gradient with respect
         * to every entry of {@code theta} (before projection) written there.
         */
        double evaluate(double[] theta, double[] grad) {
            form.couplings(theta, eta);
            System.arraycopy(eta.couplings(), 0, w.data, 0, n * n);
            double[] b = eta.biases();
            boolean withGradient = grad != null;
            int blocks = (rows + BLOCK_ROWS - 1) / BLOCK_ROWS;
            Parallel.forEach(context.pool(), pieces, p -> {
                Piece piece = work[p];
                piece.loss = 0;
                if (withGradient) {
                    Arrays.fill(piece.residualSum, 0.0);
                    piece.products.zero();
                }
                for (int block = p * blocks / pieces; block < (p + 1) * blocks / pieces; block++) {
                    int first = block * BLOCK_ROWS;
                    int count = Math.min(BLOCK_ROWS, rows - first);
                    piece.x.reshape(count, n);
                    piece.fields.reshape(count, n);
                    System.arraycopy(values, first * n, piece.x.data, 0, count * n);
                    // fields = X W (W symmetric), then + b; the residuals overwrite the fields.
                    CommonOps_DDRM.mult(piece.x, w, piece.fields);
                    double[] f = piece.fields.data;
                    double[] x = piece.x.data;
                    double loss = 0;
                    for (int r = 0; r < count; r++) {
                        for (int k = 0, i = r * n; k < n; k++, i++) {
                            double field = f[i] + b[k];
                            double s = x[i];
                            // One exponential serves the loss and the residual; log(1 + z) with z in
                            // (0, 1] is within 2.2e-16 of log1p(z), well inside the rounding of the sum.
                            if (spin) {
                                // -log p = softplus(-2 s f); r = s - tanh(f).
                                double z = Math.exp(-2 * Math.abs(field));
                                double a = s * field;
                                loss += Math.log(1 + z) - (a < 0 ? 2 * a : 0);
                                if (withGradient) {
                                    double tanh = (1 - z) / (1 + z);
                                    f[i] = s - (field < 0 ? -tanh : tanh);
                                }
                            } else {
                                // -log p = softplus(f) - x f; r = x - sigmoid(f).
                                double z = Math.exp(-Math.abs(field));
                                loss += Math.log(1 + z) + (field > 0 ? field : 0) - s * field;
                                if (withGradient) {
                                    f[i] = s - (field >= 0 ? 1 / (1 + z) : z / (1 + z));
                                }
                            }
                            if (withGradient) {
                                piece.residualSum[k] += f[i];
                            }
                        }
                    }
                    piece.loss += loss;
                    if (withGradient) {
                        // products += R' X: products[k][l] = sum_rows r_k s_l, row by row (the
                        // column-strided default is several times slower for these tall blocks).
                        MatrixMatrixMult_DDRM.multAddTransA_reorder(piece.fields, piece.x, piece.products);
                    }
                }
            });
            double loss = 0;
            for (Piece piece : work) {
                loss += piece.loss;
            }
            if (!withGradient) {
                return loss / rows;
            }
            gradEta.clear();
            for (int k = 0; k < n; k++) {
                double r = 0;
                for (Piece piece : work) {
                    r += piece.residualSum[k];
                }
                gradEta.setBias(k, -r / rows);
            }
            for (int k = 0; k < n; k++) {
                for (int l = k + 1; l < n; l++) {
                    double g = 0;
                    for (Piece piece : work) {
                        g += piece.products.data[k * n + l] + piece.products.data[l * n + k];
                    }
                    gradEta.setPair(k, l, -g / rows);
                }
            }
            Arrays.fill(grad, 0.0);
            form.addCouplingsAdjoint(theta, gradEta, 1.0, grad);
            return loss / rows;
        }
    }

    /** Settings of {@code pseudo_likelihood}. */
    public static final class Builder extends HeldOutSettings<Builder> {
        private Optimizer optimizer = GradientDescent.builder().build();
        private int epochs = 200;
        private double tolerance;


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


        public PseudoLikelihoodTraining build() {
            if (optimizer == null) {
                throw new IllegalArgumentException("pseudo_likelihood needs an optimizer: optimizer gd(lr auto)");
            }
            Epochs.require("pseudo_likelihood", epochs);
            if (!(tolerance >= 0)) {
                throw new IllegalArgumentException("tolerance cannot be negative");
            }
            return new PseudoLikelihoodTraining(optimizer, epochs, tolerance, buildValidation("pseudo_likelihood"));
        }
    }
}
