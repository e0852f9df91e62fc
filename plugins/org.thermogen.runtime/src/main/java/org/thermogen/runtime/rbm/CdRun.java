package org.thermogen.runtime.rbm;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.energy.BipartiteEnergy;
import org.thermogen.runtime.energy.BipartiteForm;
import org.thermogen.runtime.model.Constraints;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.run.TrainingState;
import org.thermogen.runtime.train.DivergenceException;
import org.thermogen.runtime.train.HeldOutLoss;
import org.thermogen.runtime.train.MetricsHistory;
import org.thermogen.runtime.train.MiniBatches;
import org.thermogen.runtime.train.TrainingResult;
import org.thermogen.runtime.train.Updater;

/**
 * One training run of contrastive divergence, plain or persistent: each mini-batch's gradient
 * in the natural parameters from the sums of {@link CdStep} (the rows' on this machine or on a
 * cluster's partitions, the persistent chains' here), mapped to the parameters through the
 * generated adjoint (or, when theta copies the natural parameters, through the form's
 * {@link BipartiteForm.Layout}: a sixth of a digits batch's time went to the element-wise maps)
 * and handed to the optimizer. The work arrays live here, allocated once,
 * and no mini-batch step allocates.
 */
final class CdRun {
    /** Training rows the per-epoch pseudo-likelihood and reconstruction error are measured on. */
    static final int MONITOR_ROWS = 500;

    /** The trainer whose settings this run trains with (k, chains, optimizer, epochs, batch, precision). */
    private final CdTrainer settings;

    CdRun(CdTrainer settings) {
        this.settings = settings;
    }

    /** The history's columns: the loss first, then the reconstruction error. */
    static java.util.List<String> columns(boolean real) {
        return real ? java.util.List.of("epoch", "reconstruction_error")
                : java.util.List.of("epoch", "neg_log_pseudo_likelihood", "reconstruction_error");
    }

    /**
     * Trains from {@code initialTheta}, or continues {@code from} (then {@code initialTheta} is
     * its parameters): every epoch draws its shuffle and its batches' seeds from
     * {@code context.random("train, epoch e")}, and persistent chains carry their hidden states
     * in the state's {@code extra}, so a continued run draws what an unstopped one would.
     */
    TrainingResult train(Model model, double[] initialTheta, Dataset data, RunContext context) {
        return train(model, initialTheta, null, data, null, context);
    }

    /**
     * @param gradients where each batch's rows' sums are computed ({@link CdTrainer.Gradients}),
     *                  or null for this machine
     */
    TrainingResult train(Model model, double[] initialTheta, TrainingState from, Dataset data,
            CdTrainer.Gradients gradients, RunContext context) {
        return train(model, initialTheta, from, data, data.rows(), gradients, context);
    }

    /**
     * @param rows the training rows: {@code data}'s, or more where {@code gradients} reads them
     *             (it then gives the rows the per-epoch figures are measured on)
     */
    TrainingResult train(Model model, double[] initialTheta, TrainingState from, Dataset data, int rows,
            CdTrainer.Gradients gradients, RunContext context) {
        BipartiteForm form = RbmModel.form(model, settings.name);
        ModelSpec spec = model.spec();
        BipartiteEnergy eta = RbmModel.newEnergy(spec);
        int nv = eta.visibleSize();
        int nh = eta.hiddenSize();
        Domain vd = eta.visibleDomain();
        Domain hd = eta.hiddenDomain();
        boolean real = vd == Domain.REAL;
        if (data.columns() != nv) {
            throw new IllegalArgumentException(data.name() + " has " + data.columns() + " columns but " + spec.name()
                    + " has " + nv + " visible units");
        }
        if (rows == 0) {
            throw new IllegalArgumentException(data.name() + " has no rows to train on");
        }
        if (from != null) {
            checkState(from, spec, real, nh);
        }
        double[] theta = initialTheta.clone();
        form.couplings(theta, eta);
        RbmModel.checkQuadratics(eta, spec);
        Updater updater = settings.optimizer.start(spec);
        if (from != null) {
            updater.restore(from.optimizer());
        }

        // Fixed rows for the per-epoch figures, spread evenly over the data.
        int monitored = Math.min(MONITOR_ROWS, rows);
        double[] monitorRows = new double[monitored * nv];
        int[] monitorPlaces = new int[monitored];
        for (int i = 0; i < monitored; i++) {
            monitorPlaces[i] = (int) ((long) i * rows / monitored);
        }
        if (rows == data.rows()) {
            for (int i = 0; i < monitored; i++) {
                System.arraycopy(data.values(), monitorPlaces[i] * nv, monitorRows, i * nv, nv);
            }
        } else {
            // The rows are where the gradients read them: the same places fetched from there.
            monitorRows = gradients.rows(monitorPlaces);
        }

        CdStep step = new CdStep(nv, nh, vd, hd, settings.k, settings.chains, settings.precision, settings.batch);
        if (settings.chains > 0 && from == null) {
            step.startChains(eta, context.random("train.chains").nextLong());
        } else if (settings.chains > 0) {
            step.restoreChains(from.extra());
        }
        step.weights(eta);
        double[] values = data.values();
        int[] places = new int[settings.batch];
        for (int r = 0; r < places.length; r++) {
            places[r] = r;
        }
        CdTrainer.Gradients rowSums = gradients != null ? gradients
                : (energy, batchRows, size, batchSeed, sums) -> step.addRows(values, batchRows, places, size, batchSeed,
                        size, sums);
        int[] batchRows = new int[settings.batch];
        double[] terms = new double[CdStep.termsLength(nv, nh)];
        BipartiteEnergy deta = new BipartiteEnergy(nv, nh, vd, hd);
        double[] grad = new double[theta.length];
        BipartiteForm.Layout layout = form.layout();
        MiniBatches batches = new MiniBatches(rows, settings.batch);
        long totalSteps = (long) settings.epochs * batches.count();
        int firstEpoch = from == null ? 1 : from.epoch() + 1;
        long done = (long) (firstEpoch - 1) * batches.count();

        MetricsHistory history = new MetricsHistory(columns(real).toArray(String[]::new));
        Monitor monitor = new Monitor(spec, monitorRows, monitored, real, history, context,
                Float32Cd.serves(settings.precision, vd, hd), nv, nh);
        double[] figures;
        context.listener().begin("train " + spec.name(), settings.epochs);
        if (from == null) {
            figures = monitor.figures(eta, context.pool());
            history.add(Monitor.row(0, figures, real));
            context.listener().step(0, Monitor.metrics(figures, real));
        } else {
            for (double[] row : from.history()) {
                history.add(row);
            }
            double[] last = from.history().get(from.history().size() - 1);
            figures = real ? new double[] {Double.NaN, last[1]} : new double[] {last[1], last[2]};
        }
        Monitor.Pending pending = null;
        try {
            for (int epoch = firstEpoch; epoch <= settings.epochs; epoch++) {
                context.checkCancelled();
                // Every epoch's randomness from its own streams of the seed: a continued run draws
                // what the run it continues would have drawn.
                SplittableRandom root = context.random("train, epoch " + epoch);
                batches.shuffleFromStart(root.split());
                // Each batch's draws from its seed, each row's (or chain's) from its place in the
                // batch (CdStep): the same whichever machine steps which rows.
                long epochSeed = root.nextLong();
                for (int b = 0; b < batches.count(); b++) {
                    int n = batches.size(b);
                    for (int r = 0; r < n; r++) {
                        batchRows[r] = batches.row(b, r);
                    }
                    long batchSeed = epochSeed + b * 0x9E3779B97F4A7C15L;
                    Arrays.fill(terms, 0.0);
                    rowSums.batch(eta, batchRows, n, batchSeed, terms);
                    if (settings.chains > 0) {
                        step.addChains(batchSeed, terms);
                    }
                    update(form, layout, spec, theta, terms, deta, grad, updater, (double) done / totalSteps, eta);
                    done++;
                    step.weights(eta);
                    if (real) {
                        checkQuadratics(eta, spec, epoch);
                    }
                }
                if (!allFinite(theta)) {
                    throw new DivergenceException("training diverged at epoch " + epoch + " of " + spec.name()
                            + "; lower lr");
                }
                // This epoch's figures are measured while the next epoch trains (on a worker, when
                // the context has any), then recorded and reported in epoch order.
                if (pending != null) {
                    figures = monitor.record(pending);
                    pending = null;
                }
                TrainingState state = new TrainingState(epoch, theta.clone(), updater.state(),
                        settings.chains > 0 ? step.chainStates() : new double[0], history.columns(),
                        java.util.Collections.unmodifiableList(history.rows()));
                if (epoch % settings.monitorEvery != 0 && epoch != settings.epochs) {
                    monitor.skip(state);
                    continue;
                }
                pending = monitor.start(eta, state);
                if (context.pool() == null) {
                    figures = monitor.record(pending);
                    pending = null;
                }
            }
            if (pending != null) {
                figures = monitor.record(pending);
                pending = null;
            }
        } finally {
            if (pending != null) {
                pending.cancel();
            }
        }
        context.listener().end();
        Map<String, Double> summary = new LinkedHashMap<>();
        summary.put("epochs_run", (double) settings.epochs);
        if (!real) {
            summary.put("neg_log_pseudo_likelihood", figures[0]);
        }
        summary.put("reconstruction_error", figures[1]);
        return new TrainingResult(theta, history, summary);
    }

    /**
     * One optimizer step from the batch's sums {@code terms}; {@code eta} then holds the new
     * couplings. When theta copies the natural parameters ({@code layout}), the gradient and the
     * couplings are array copies; otherwise through {@code deta}, the generated adjoint and
     * couplings.
     */
    private static void update(BipartiteForm form, BipartiteForm.Layout layout, ModelSpec spec, double[] theta,
            double[] terms, BipartiteEnergy deta, double[] grad, Updater updater, double progress, BipartiteEnergy eta) {
        if (layout != null) {
            CdStep.toGradient(terms, layout, deta.visibleSize(), deta.hiddenSize(), grad);
        } else {
            CdStep.toEnergy(terms, deta);
            Arrays.fill(grad, 0.0);
            form.addCouplingsAdjoint(theta, deta, 1.0, grad);
        }
        Constraints.project(spec, grad);
        updater.step(theta, grad, progress);
        if (layout != null) {
            layout.couplings(theta, eta);
        } else {
            form.couplings(theta, eta);
        }
    }

    /** The trainers' loss on held-out rows, as {@link Monitor} measures it on training rows. */
    static HeldOutLoss heldOutLoss(Model model, Dataset rows, RunContext context, String name) {
        BipartiteForm form = RbmModel.form(model, name);
        ModelSpec spec = model.spec();
        BipartiteEnergy eta = RbmModel.newEnergy(spec);
        if (rows.columns() != eta.visibleSize()) {
            throw new IllegalArgumentException(rows.name() + " has " + rows.columns() + " columns but " + spec.name()
                    + " has " + eta.visibleSize() + " visible units");
        }
        boolean real = eta.visibleDomain() == Domain.REAL;
        if (!real && eta.hiddenDomain() != Domain.REAL
                && Math.min(eta.visibleSize(), eta.hiddenSize()) <= EXACT_HELD_OUT_UNITS) {
            // Small enough to sum out a layer every epoch: the exact likelihood, which the
            // pseudo-likelihood can flatter while persistent chains drift.
            return HeldOutLoss.named("neg_log_likelihood", theta -> {
                form.couplings(theta, eta);
                return RbmMetrics.meanFreeEnergy(eta, rows.values(), rows.rows(), context.pool())
                        + ExactPartition.logPartition(eta, context.pool());
            });
        }
        return theta -> {
            form.couplings(theta, eta);
            return real ? RbmMetrics.reconstructionError(eta, rows.values(), rows.rows(), context.pool())
                    : -RbmMetrics.pseudoLogLikelihood(eta, rows.values(), rows.rows(), context.pool());
        };
    }

    /** The smaller layer the held-out figure sums out every epoch: 2^16 states, milliseconds. */
    static final int EXACT_HELD_OUT_UNITS = 16;

    private void checkState(TrainingState from, ModelSpec spec, boolean real, int nh) {
        from.requireOf(settings.name, spec.name(), spec.paramSize(), settings.epochs, columns(real), true);
        if (from.extra().length != (long) settings.chains * nh) {
            throw new IllegalArgumentException("the saved run carries " + from.extra().length + " chain values, " + settings.name
                    + " with " + settings.chains + " chains of " + nh + " hidden units carries " + (long) settings.chains * nh);
        }
    }

    private static void checkQuadratics(BipartiteEnergy eta, ModelSpec spec, int epoch) {
        double[] a = eta.quadratics();
        for (int i = 0; i < a.length; i++) {
            if (!(a[i] > 0)) {
                throw new DivergenceException("training diverged at epoch " + epoch + " of " + spec.name()
                        + ": the quadratic coefficient of real visible " + RbmModel.visibleName(spec, i) + " fell to "
                        + a[i] + " (it must stay positive); lower lr");
            }
        }
    }

    private static boolean allFinite(double[] v) {
        for (double x : v) {
            if (!Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }
}
