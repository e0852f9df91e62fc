package org.thermogen.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.thermogen.runtime.run.ForwardingListener;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.TrainingState;
import org.thermogen.runtime.train.HeldOutLoss;
import org.thermogen.runtime.train.MetricsHistory;
import org.thermogen.runtime.train.Trainer;
import org.thermogen.runtime.train.Validation;

/**
 * Measures a training on held-out rows after every epoch ({@code validation D.test} among the
 * trainer's settings): the trainer's loss on those rows at the parameters the epoch ended
 * with ({@link Trainer#kept}), reported beside the trainer's own figures as
 * {@code held_out_<loss>}. Remembers the best epoch, with its parameters under
 * {@code keep best}, and stops the training ({@link EarlyStop}) once {@code patience} epochs
 * have passed without a better figure. Sits between the trainer and the
 * {@link CheckpointingListener}, which saves what it remembers ({@link #record}) beside each
 * training state, so that {@code --resume} continues it.
 */
final class HeldOutWatch extends ForwardingListener {

    /** Thrown from a step when the held-out figure has not improved for {@code patience} epochs. */
    static final class EarlyStop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        EarlyStop(String message) {
            super(message, null, false, false);
        }
    }

    private final Trainer trainer;
    private final HeldOutLoss loss;
    private final Validation validation;
    /** The figure of each epoch measured, by epoch. */
    private final TreeMap<Integer, Double> values = new TreeMap<>();
    private String lossName;
    private String column;
    private double best = Double.POSITIVE_INFINITY;
    private int bestEpoch = -1;
    private double[] bestTheta;
    private int lastEpoch = -1;

    HeldOutWatch(ProgressListener delegate, Trainer trainer, HeldOutLoss loss, Validation validation) {
        super(delegate);
        this.trainer = trainer;
        this.loss = loss;
        this.validation = validation;
        this.column = loss.name() == null ? null : Validation.column(loss.name());
    }

    /** Continues what a saved run's watch remembered. */
    HeldOutWatch continuing(HeldOutRecord saved) {
        if (saved != null) {
            column = saved.column();
            for (int i = 0; i < saved.epochs().length; i++) {
                measured((int) saved.epochs()[i], saved.values()[i], null);
            }
            bestTheta = saved.bestTheta().length == 0 ? null : saved.bestTheta().clone();
        }
        return this;
    }

    private void measured(int epoch, double value, double[] kept) {
        values.put(epoch, value);
        lastEpoch = epoch;
        if (value < best) {
            best = value;
            bestEpoch = epoch;
            if (validation.keepBest() && kept != null) {
                bestTheta = kept.clone();
            }
        }
    }

    @Override
    public void state(TrainingState state) {
        if (lossName == null && state.columns().size() > 1) {
            lossName = state.columns().get(1);
        }
        if (column == null && lossName != null) {
            column = Validation.column(lossName);
        }
        double[] kept = trainer.kept(state);
        measured(state.epoch(), loss.at(kept), kept);
        delegate.state(state);
    }

    @Override
    public void step(long done, Map<String, Double> metrics) {
        if (metrics.isEmpty()) {
            delegate.step(done, metrics);
            return;
        }
        String first = metrics.keySet().iterator().next();
        if (lossName == null) {
            lossName = first;
        }
        if (column == null) {
            column = Validation.column(lossName);
        }
        if (!first.equals(lossName)) {
            delegate.step(done, metrics);  // a step of a task inside the training, not the trainer's own
            return;
        }
        Map<String, Double> with = new LinkedHashMap<>(metrics);
        with.put(column, values.getOrDefault((int) done, Double.NaN));
        delegate.step(done, with);
        if (exhausted(done)) {
            throw new EarlyStop(stopMessage());
        }
    }

    /** True when epoch {@code epoch} was measured and the patience has run out there. */
    boolean exhausted(long epoch) {
        return validation.patience() > 0 && epoch == lastEpoch && bestEpoch >= 0
                && lastEpoch - bestEpoch >= validation.patience();
    }

    /** The epoch measured last, or -1. */
    int lastEpoch() {
        return lastEpoch;
    }

    String stopMessage() {
        return "stopped early at epoch " + lastEpoch + ": " + column + " has not improved for " + validation.patience()
                + " epochs (best " + Text.figure(best) + " at epoch " + bestEpoch + ")";
    }

    /** The column the figures go to; null before the first figure. */
    String column() {
        return column;
    }

    /** The best epoch so far, or -1. */
    int bestEpoch() {
        return bestEpoch;
    }

    double best() {
        return best;
    }

    /** The parameters of the best epoch under {@code keep best}, else null. */
    double[] bestTheta() {
        return bestTheta;
    }

    /** What to save beside a training state, for {@code --resume}. */
    HeldOutRecord record() {
        double[] epochs = new double[values.size()];
        double[] figures = new double[values.size()];
        int i = 0;
        for (Map.Entry<Integer, Double> e : values.entrySet()) {
            epochs[i] = e.getKey();
            figures[i++] = e.getValue();
        }
        return new HeldOutRecord(column, epochs, figures, bestTheta == null ? new double[0] : bestTheta.clone());
    }

    /** {@code history} with the held-out column added (NaN where an epoch was not measured). */
    MetricsHistory withHeldOut(MetricsHistory history) {
        if (history == null || column == null || history.columns().contains(column)) {
            return history;
        }
        List<String> names = new ArrayList<>(history.columns());
        names.add(column);
        MetricsHistory out = new MetricsHistory(names.toArray(String[]::new));
        for (double[] row : history.rows()) {
            double[] r = Arrays.copyOf(row, row.length + 1);
            r[row.length] = values.getOrDefault((int) row[0], Double.NaN);
            out.add(r);
        }
        return out;
    }




}
