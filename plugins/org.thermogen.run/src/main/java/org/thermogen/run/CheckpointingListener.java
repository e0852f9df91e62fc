package org.thermogen.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.thermogen.runtime.io.Checkpoint;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.model.Provenance;
import org.thermogen.runtime.run.ProgressListener;

/**
 * Passes everything on to the caller's listener and, at most once per interval, writes the
 * trainer's snapshot as the checkpoint, so an interrupted run keeps its last good state.
 * Non-finite snapshots are not written (the previous checkpoint stays); the first one is
 * reported as a note.
 */
final class CheckpointingListener implements ProgressListener {
    private final ProgressListener delegate;
    private final ModelSpec spec;
    private final Path dir;
    private final Provenance provenance;
    private final long intervalNanos;
    private long last;
    private boolean warned;
    private int written;
    private IOException failure;

    CheckpointingListener(ProgressListener delegate, ModelSpec spec, Path dir, Provenance provenance, long intervalNanos) {
        this.delegate = delegate;
        this.spec = spec;
        this.dir = dir;
        this.provenance = provenance;
        this.intervalNanos = intervalNanos;
        this.last = System.nanoTime();
    }

    @Override
    public void begin(String task, long totalSteps) {
        delegate.begin(task, totalSteps);
    }

    @Override
    public void step(long done, Map<String, Double> metrics) {
        delegate.step(done, metrics);
    }

    @Override
    public void snapshot(long step, double[] theta) {
        delegate.snapshot(step, theta);
        long now = System.nanoTime();
        if (now - last < intervalNanos) {
            return;
        }
        for (double v : theta) {
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
            Checkpoint.write(dir, spec, theta, provenance);
        } catch (IOException e) {
            // Trainers know nothing of files; the job rethrows the IOException itself.
            failure = e;
            throw new UncheckedIOException(e);
        }
        written++;
        last = System.nanoTime();
    }

    @Override
    public void note(String line) {
        delegate.note(line);
    }

    @Override
    public void end() {
        delegate.end();
    }

    /** Checkpoints written while training. */
    int written() {
        return written;
    }

    /** The write that failed and stopped training, or null. */
    IOException failure() {
        return failure;
    }
}
