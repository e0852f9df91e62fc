package org.thermogen.run;

import java.util.Map;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.TrainingState;

/**
 * A listener that passes every call on to another: the job's watches (checkpoints, held-out
 * rows, training snapshots) extend it and override what they add, calling {@code super} to
 * pass the call on, so that none of them drops a call it does not care about.
 */
abstract class ForwardingListener implements ProgressListener {
    /** Where every call goes on to. */
    protected final ProgressListener delegate;

    ForwardingListener(ProgressListener delegate) {
        this.delegate = delegate;
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
    }

    @Override
    public void note(String line) {
        delegate.note(line);
    }

    @Override
    public void end() {
        delegate.end();
    }

    @Override
    public void state(TrainingState state) {
        delegate.state(state);
    }
}
