package org.thermogen.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.thermogen.runtime.io.Checkpoint;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.model.Provenance;
import org.thermogen.runtime.run.ForwardingListener;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.TrainingState;
import org.thermogen.runtime.train.DivergenceException;
import org.thermogen.runtime.train.MetricsHistory;

/**
 * Watches a training and keeps its last good state. Passes everything on to the caller's
 * listener and, at most once per interval, writes the trainer's snapshot as the checkpoint,
 * so an interrupted run keeps its last good state.
 *
 * <p>The loss is the first figure of each step (every trainer reports it first). Training
 * stops with a {@link DivergenceException} naming the step when the loss is not finite or
 * has exploded, more than {@link #EXPLOSION} times its scale above its best; a snapshot
 * is not written while the loss stands more than {@link #SUSPECT} times its scale above its
 * best, nor when the parameters are not finite, so the checkpoint on disk is the last good
 * one. What was heard is kept ({@link #history()}) for the metrics of a stopped run.
 */
final class CheckpointingListener extends ForwardingListener {
    /** A loss this many times its scale above its best has exploded: stop. */
    static final double EXPLOSION = 1e3;
    /** A loss this many times its scale above its best is suspect: do not checkpoint it. */
    static final double SUSPECT = 10;
    /** Parameters beyond this magnitude have exploded, whatever the loss says. */
    static final double HUGE = 1e100;
    /** Epochs a loss must stay near or above where it started before the watch says the training undoes itself. */
    static final int GIVING_BACK_STEPS = 10;
    /** The share of its progress (start minus best) a loss has given back when the watch says so. */
    static final double GIVEN_BACK = 0.9;

    private String lossName;
    private final List<String> columns = new ArrayList<>();
    private final List<double[]> rows = new ArrayList<>();
    private double best = Double.POSITIVE_INFINITY;
    private long bestStep;
    private double lastLoss = Double.NaN;
    private boolean suspectNoted;
    private double startLoss = Double.NaN;
    private long startStep;
    private int givingBack;
    private boolean givingBackNoted;

    private final ModelSpec spec;
    private final Path dir;
    private final Provenance provenance;
    private final long intervalNanos;
    private long last;
    private boolean warned;
    private int written;
    private long writtenStep = -1;
    /** The last state a resumable trainer reported, and what its file says of the run. */
    private TrainingState latest;
    private int latestRows;
    private String trainer = "";
    private long seed;
    private long lastStep = -1;
    private IOException failure;
    /** The held-out watch upstream, whose record is saved beside each state; null without validation. */
    private HeldOutWatch heldOut;

    CheckpointingListener(ProgressListener delegate, ModelSpec spec, Path dir, Provenance provenance, long intervalNanos) {
        super(delegate);
        this.spec = spec;
        this.dir = dir;
        this.provenance = provenance;
        this.intervalNanos = intervalNanos;
        this.last = System.nanoTime();
    }

    /**
     * Saves, beside each checkpoint, the state a resumable trainer reports
     * ({@link TrainingStateFile}), for {@code --resume}.
     */
    CheckpointingListener savingStates(String trainerDescription, long runSeed) {
        this.trainer = trainerDescription;
        this.seed = runSeed;
        return this;
    }

    /** Saves what {@code watch} remembers beside each state. */
    CheckpointingListener watching(HeldOutWatch watch) {
        this.heldOut = watch;
        return this;
    }

    /** The last state a resumable trainer reported, or null. */
    TrainingState latestState() {
        return latest;
    }

    @Override
    public void state(TrainingState state) {
        delegate.state(state);
        latest = state;
        // The history is a view the trainer goes on appending to: its rows as of this state.
        latestRows = state.history().size();
    }

    /**
     * Writes the last reported state and its parameters as the checkpoint (an interrupted
     * run's last complete epoch), if there is one and it is sound.
     */
    void writeLatestState() throws IOException {
        if (latest != null && finite(latest.theta()) && latest.epoch() > writtenStep) {
            stateFile(latest).write(dir, spec);
            Checkpoint.write(dir, spec, latest.theta(), provenance);
            written++;
            writtenStep = latest.epoch();
        }
    }

    private TrainingStateFile stateFile(TrainingState s) {
        return new TrainingStateFile(trainer, seed, s, List.copyOf(s.columns()), rowsOf(s),
                heldOut == null ? null : heldOut.record());
    }

    /**
     * The trainer's own history as of its last reported state (of the whole run, when it
     * continues a saved one), or null if it reports none.
     */
    MetricsHistory latestHistory() {
        if (latest == null || latest.columns().isEmpty()) {
            return null;
        }
        MetricsHistory h = new MetricsHistory(latest.columns().toArray(String[]::new));
        for (double[] r : rowsOf(latest)) {
            h.add(r);
        }
        return h;
    }

    /** The rows of the epochs a state stands after (its history is a view the trainer may have added to since). */
    private List<double[]> rowsOf(TrainingState s) {
        return List.copyOf(s.history().subList(0, latestRows));
    }

    private static boolean finite(double[] v) {
        for (double x : v) {
            if (!Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }


    @Override
    public void step(long done, Map<String, Double> metrics) {
        delegate.step(done, metrics);
        if (metrics.isEmpty()) {
            return;
        }
        Map.Entry<String, Double> first = metrics.entrySet().iterator().next();
        if (lossName == null) {
            lossName = first.getKey();
            columns.addAll(metrics.keySet());
        }
        if (!lossName.equals(first.getKey())) {
            return;  // a step of a task inside the training (a sampler's, say), not the trainer's own
        }
        double[] row = new double[columns.size() + 1];
        row[0] = done;
        for (int k = 0; k < columns.size(); k++) {
            row[k + 1] = metrics.getOrDefault(columns.get(k), Double.NaN);
        }
        rows.add(row);
        lastStep = done;
        double loss = first.getValue();
        if (!Double.isFinite(loss)) {
            throw new DivergenceException("training diverged at epoch " + done + ": " + lossName + " is " + loss
                    + " (it was " + Text.figure(best) + " at epoch " + bestStep + "); lower the learning rate or the momentum");
        }
        if (Double.isNaN(startLoss)) {
            startLoss = loss;
            startStep = done;
        }
        if (loss < best) {
            best = loss;
            bestStep = done;
        } else if (loss > best + EXPLOSION * scale()) {
            throw new DivergenceException("training diverged at epoch " + done + ": " + lossName + " rose from "
                    + Text.figure(best) + " (epoch " + bestStep + ") to " + Text.figure(loss)
                    + "; lower the learning rate or the momentum");
        }
        lastLoss = loss;
        watchGivingBack(done, loss);
    }

    /**
     * A loss that explodes is stopped; one that only drifts back up is said once: when it has
     * stood for {@link #GIVING_BACK_STEPS} epochs above its best plus 90 % of the way back to
     * where it started (so, for a loss that never improved, above its start), the training is
     * undoing itself. Noise about a plateau stays far below that line, and a loss that never
     * rises (EM, exact moment matching) never reaches it.
     */
    private void watchGivingBack(long done, double loss) {
        double line = best + GIVEN_BACK * (startLoss - best);
        givingBack = loss > line + 1e-12 * scale() && done > startStep ? givingBack + 1 : 0;
        if (givingBack < GIVING_BACK_STEPS || givingBackNoted) {
            return;
        }
        givingBackNoted = true;
        delegate.note("epoch " + done + ": " + lossName + " is " + Text.figure(loss) + (bestStep == startStep
                ? ", and in " + givingBack + " epochs it never improved on its start (" + Text.figure(startLoss)
                        + " at epoch " + startStep + ")"
                : ", back near its start (" + Text.figure(startLoss) + " at epoch " + startStep + ") after reaching "
                        + Text.figure(best) + " at epoch " + bestStep)
                + ": the training is going the wrong way; lower the learning rate or the momentum, or measure held-out"
                + " rows and keep the best epoch (validation Dataset.part keep best)");
    }

    private double scale() {
        return Math.max(1, Math.abs(best));
    }

    /** The figures heard, one row per step of the trainer's own (step, then its figures), or null if none. */
    MetricsHistory history() {
        if (lossName == null) {
            return null;
        }
        List<String> names = new ArrayList<>();
        names.add("epoch");
        names.addAll(columns);
        MetricsHistory h = new MetricsHistory(names.toArray(String[]::new));
        for (double[] r : rows) {
            h.add(r);
        }
        return h;
    }

    @Override
    public void snapshot(long step, double[] theta) {
        delegate.snapshot(step, theta);
        long now = System.nanoTime();
        if (now - last < intervalNanos) {
            return;
        }
        if (lossName != null && lastLoss > best + SUSPECT * scale()) {
            if (!suspectNoted) {
                suspectNoted = true;
                delegate.note("epoch " + step + ": " + lossName + " is " + Text.figure(lastLoss) + ", far above its best "
                        + Text.figure(best) + " (epoch " + bestStep + "); the checkpoint of epoch " + bestStep
                        + " or later is kept until it recovers");
            }
            return;
        }
        for (double v : theta) {
            if (Math.abs(v) > HUGE && Double.isFinite(v)) {
                throw new DivergenceException("training diverged at epoch " + step + ": the parameters reached "
                        + Text.figure(v) + "; lower the learning rate or the momentum");
            }
            if (!Double.isFinite(v)) {
                if (!warned) {
                    warned = true;
                    delegate.note("step " + step + ": the parameters are no longer finite; the last good checkpoint"
                            + " is kept");
                }
                return;
            }
        }
        try {
            if (latest != null && latest.epoch() == step) {
                // The state first: a checkpoint never stands beside a state older than itself.
                stateFile(latest).write(dir, spec);
            }
            Checkpoint.write(dir, spec, theta, provenance);
        } catch (IOException e) {
            // Trainers know nothing of files; the job rethrows the IOException itself.
            failure = e;
            throw new UncheckedIOException(e);
        }
        written++;
        writtenStep = step;
        last = System.nanoTime();
    }



    /** Checkpoints written while training. */
    int written() {
        return written;
    }

    /** The step of the last checkpoint written while training, or -1. */
    long writtenStep() {
        return writtenStep;
    }

    /** The last step of the trainer's own that was heard, or -1. */
    long lastStep() {
        return lastStep;
    }

    /** The write that failed and stopped training, or null. */
    IOException failure() {
        return failure;
    }
}
