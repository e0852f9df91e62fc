package org.thermogen.runtime.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

/**
 * Records the states a resumable trainer reports, and stops its run after epoch
 * {@code stopAfter} as Ctrl-C does (a {@link CancellationException} from the listener); -1
 * never stops.
 */
public final class StoppingRecorder implements ProgressListener {
    public final List<TrainingState> states = new ArrayList<>();
    private final int stopAfter;

    public StoppingRecorder(int stopAfter) {
        this.stopAfter = stopAfter;
    }

    @Override
    public void state(TrainingState s) {
        // A copy, as a listener that keeps a state must take: the history is a view the run goes on appending to.
        states.add(new TrainingState(s.epoch(), s.theta().clone(), s.optimizer().clone(), s.extra().clone(), s.columns(),
                s.history().stream().map(double[]::clone).toList()));
    }

    @Override
    public void step(long done, Map<String, Double> metrics) {
        if (done == stopAfter) {
            throw new CancellationException("interrupted");
        }
    }

    /** The last state reported. */
    public TrainingState last() {
        return states.get(states.size() - 1);
    }
}
