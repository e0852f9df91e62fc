package org.thermogen.runtime.rbm;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.thermogen.runtime.compute.Precision;
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
 * One training run of contrastive divergence, plain or persistent; the work arrays live
 * here, allocated once, and no mini-batch step allocates.
 *
 * <p>The gradient of the mean negative log-likelihood {@code <F(v)>_data + ln Z} in the
 * natural parameters is a data term minus a model term:
 * <pre>
 *   dW_ij = <v_i h_j>_model - <v_i E[h_j | v]>_data      db_i = <v_i>_model - <v_i>_data
 *   dc_j  = <h_j>_model     - <E[h_j | v]>_data           da_i = <v_i^2>_data - <v_i^2>_model (real visibles)
 * </pre>
 * The data term uses the hidden means given each row of the mini-batch; the model term
 * takes the chains' negative visibles {@code v-} with their hidden means {@code E[h | v-]}
 * (Hinton's recipe, which lowers the variance without biasing the estimate of CD).
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
     * its parameters): every epoch draws its shuffle and its chains' streams from
     * {@code context.random("train, epoch e")}, and persistent chains carry their hidden states
     * in the state's {@code extra}, so a continued run draws what an unstopped one would.
     */
    TrainingResult train(Model model, double[] initialTheta, Dataset data, RunContext context) {
        return train(model, initialTheta, null, data, context);
    }

    TrainingResult train(Model model, double[] initialTheta, TrainingState from, Dataset data, RunContext context) {
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
        int rows = data.rows();
        if (rows == 0) {
            throw new IllegalArgumentException(data.name() + " has no rows to train on");
        }
        if (from != null) {
            checkState(from, spec, real, nh);
        }
        double[] theta = initialTheta.clone();
        form.couplings(theta, eta);
        RbmModel.checkQuadratics(eta, spec);
        Weights weights = new Weights(eta);
        Updater updater = settings.optimizer.start(spec);
        if (from != null) {
            updater.restore(from.optimizer());
        }

        // Fixed rows for the per-epoch figures, spread evenly over the data.
        int monitored = Math.min(MONITOR_ROWS, rows);
        double[] monitorRows = new double[monitored * nv];
        for (int i = 0; i < monitored; i++) {
            int r = (int) ((long) i * rows / monitored);
            System.arraycopy(data.values(), r * nv, monitorRows, i * nv, nv);
        }

        int negRows = settings.chains > 0 ? settings.chains : settings.batch;
        SplittableRandom[] chainRandoms = new SplittableRandom[negRows];
        SplittableRandom chainRoot = context.random("train.chains");
        for (int c = 0; c < negRows; c++) {
            chainRandoms[c] = chainRoot.split();
        }
        Batch pos = new Batch(settings.batch, nv, nh, chainRandoms, 0);
        Batch neg = new Batch(negRows, nv, nh, chainRandoms, 0);
        if (settings.chains > 0 && from == null) {
            neg.randomStart(weights);
            neg.hiddenGivenVisible(weights);
        } else if (settings.chains > 0) {
            for (int c = 0; c < negRows; c++) {
                System.arraycopy(from.extra(), c * nh, neg.h[c], 0, nh);
            }
        }
        // Binary units step in float32 on the dense kernels; spins and real units in float64.
        Float32Cd fast = settings.precision == Precision.FLOAT32 && vd == Domain.BINARY && hd == Domain.BINARY
                ? new Float32Cd(settings.batch, negRows, nv, nh) : null;
        if (fast != null) {
            fast.weights(eta);
            fast.hiddenStatesFrom(neg.h, settings.chains);
        }
        double[][] posMean = new double[settings.batch][nh];
        double[][] negMean = new double[negRows][nh];
        double[] gRow = new double[nh];
        BipartiteEnergy deta = new BipartiteEnergy(nv, nh, vd, hd);
        double[] grad = new double[theta.length];
        double[] values = data.values();
        MiniBatches batches = new MiniBatches(rows, settings.batch);
        long totalSteps = (long) settings.epochs * batches.count();
        int firstEpoch = from == null ? 1 : from.epoch() + 1;
        long done = (long) (firstEpoch - 1) * batches.count();

        MetricsHistory history = new MetricsHistory(columns(real).toArray(String[]::new));
        Monitor monitor = new Monitor(spec, monitorRows, monitored, real, history, context);
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
                for (int c = 0; c < negRows; c++) {
                    chainRandoms[c] = root.split();
                }
                for (int b = 0; b < batches.count(); b++) {
                    int n = batches.size(b);
                    if (fast != null) {
                        for (int r = 0; r < n; r++) {
                            fast.loadPositive(r, values, batches.row(b, r));
                        }
                        fast.positiveMeans(n);
                        int m = settings.chains > 0 ? negRows : n;
                        if (settings.chains == 0) {
                            fast.freshChains(n, chainRandoms);
                        }
                        fast.visibleGivenHidden(m, chainRandoms);
                        for (int s = 1; s < settings.k; s++) {
                            fast.sweep(m, chainRandoms);
                        }
                        fast.negativeMeans(m);
                        fast.gradient(n, m, deta);
                        if (settings.chains > 0) {
                            fast.hiddenFromNegativeMeans(m, chainRandoms);
                        }
                        update(form, spec, theta, deta, grad, updater, (double) done / totalSteps, eta);
                        done++;
                        fast.weights(eta);
                        continue;
                    }
                    pos.rows(n);
                    for (int r = 0; r < n; r++) {
                        System.arraycopy(values, batches.row(b, r) * nv, pos.v[r], 0, nv);
                    }
                    pos.hiddenFields(weights);
                    Layers.means(hd, pos.x, n, null, posMean);
                    if (settings.chains == 0) {
                        // A fresh chain from each row, its hidden units drawn from the means just found.
                        neg.rows(n);
                        for (int r = 0; r < n; r++) {
                            System.arraycopy(pos.v[r], 0, neg.v[r], 0, nv);
                        }
                        Layers.sampleFromMeans(hd, posMean, n, chainRandoms, 0, neg.h);
                    }
                    // Persistent chains hold hidden states drawn at the end of the previous step.
                    neg.visibleGivenHidden(weights);
                    for (int s = 1; s < settings.k; s++) {
                        neg.sweep(weights);
                    }
                    neg.hiddenFields(weights);
                    Layers.means(hd, neg.x, neg.rows(), null, negMean);
                    gradient(pos.v, posMean, n, neg.v, negMean, neg.rows(), gRow, deta, real);
                    if (settings.chains > 0) {
                        // The next step's hidden states, given the chains' visibles, from the means at hand:
                        // drawn under the parameters before this step's update (as scikit-learn's
                        // BernoulliRBM does), which saves a product and an exponential per unit.
                        Layers.sampleFromMeans(hd, negMean, negRows, chainRandoms, 0, neg.h);
                    }
                    update(form, spec, theta, deta, grad, updater, (double) done / totalSteps, eta);
                    done++;
                    weights.refresh();
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
                if (fast != null) {
                    fast.hiddenStatesInto(neg.h, settings.chains);
                }
                TrainingState state = new TrainingState(epoch, theta.clone(), updater.state(),
                        chainStates(neg, settings.chains), history.columns(),
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

    /** One optimizer step from the natural-parameter gradient {@code deta}; {@code eta} then holds the new couplings. */
    private static void update(BipartiteForm form, ModelSpec spec, double[] theta, BipartiteEnergy deta, double[] grad,
            Updater updater, double progress, BipartiteEnergy eta) {
        Arrays.fill(grad, 0.0);
        form.addCouplingsAdjoint(theta, deta, 1.0, grad);
        Constraints.project(spec, grad);
        updater.step(theta, grad, progress);
        form.couplings(theta, eta);
    }

    /**
     * Writes the gradient of the mean negative log-likelihood in the natural parameters into
     * {@code deta}: means over the mini-batch (data term) and over the chains (model term).
     * With hidden means on both sides this is exactly the gradient of
     * {@code <F(v)>_batch - <F(v)>_chains}.
     */
    static void gradient(double[][] vPos, double[][] hPos, int np, double[][] vNeg, double[][] hNeg, int nn,
            double[] gRow, BipartiteEnergy deta, boolean real) {
        int nv = vPos[0].length;
        int nh = gRow.length;
        double up = -1.0 / np;
        double down = 1.0 / nn;
        // Row i of dW = <v_i E[h | v]>_chains - <v_i E[h | v]>_batch, built in one row that stays
        // in the first-level cache, skipping units that are off (most of them, for images).
        for (int i = 0; i < nv; i++) {
            Arrays.fill(gRow, 0.0);
            double sp = 0;
            double sn = 0;
            double qp = 0;
            double qn = 0;
            for (int r = 0; r < np; r++) {
                double v = vPos[r][i];
                if (v != 0.0) {
                    Layers.axpy(gRow, up * v, hPos[r]);
                    sp += v;
                    qp += v * v;
                }
            }
            for (int r = 0; r < nn; r++) {
                double v = vNeg[r][i];
                if (v != 0.0) {
                    Layers.axpy(gRow, down * v, hNeg[r]);
                    sn += v;
                    qn += v * v;
                }
            }
            for (int j = 0; j < nh; j++) {
                deta.setPair(i, j, gRow[j]);
            }
            deta.setVisible(i, sn / nn - sp / np);
            // Every other natural parameter is set here; the quadratic and the constant stay zero
            // (the gradient of ln Z in c0 cancels that of the data) unless visibles are real.
            if (real) {
                deta.setQuadratic(i, qp / np - qn / nn);
            }
        }
        for (int j = 0; j < nh; j++) {
            double sp = 0;
            double sn = 0;
            for (int r = 0; r < np; r++) {
                sp += hPos[r][j];
            }
            for (int r = 0; r < nn; r++) {
                sn += hNeg[r][j];
            }
            deta.setHidden(j, sn / nn - sp / np);
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

    /** The persistent chains' hidden states, row after row; nothing for plain CD. */
    private static double[] chainStates(Batch neg, int chains) {
        double[] out = new double[chains == 0 ? 0 : chains * neg.h[0].length];
        for (int c = 0; c < chains; c++) {
            System.arraycopy(neg.h[c], 0, out, c * neg.h[c].length, neg.h[c].length);
        }
        return out;
    }

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
