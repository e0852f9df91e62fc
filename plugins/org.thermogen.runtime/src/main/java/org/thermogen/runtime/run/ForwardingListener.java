package org.thermogen.runtime.run;

import java.util.Map;

/**
 * A listener that passes every call on to another: a watch that adds something (the job's
 * checkpoints, held-out rows, training snapshots) extends it and overrides what it adds,
 * calling {@code super} to pass the call on, so that none drops a call it does not care about.
 *
 * <pre>{@code
 * ProgressListener counting = new ForwardingListener(listener) {
 *     public void step(long done, Map<String, Double> metrics) {
 *         steps++;
 *         super.step(done, metrics);
 *     }
 * };
 * }</pre>
 */
public abstract class ForwardingListener implements ProgressListener {
    /** Where every call goes on to. */
    protected final ProgressListener delegate;

    protected ForwardingListener(ProgressListener delegate) {
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
