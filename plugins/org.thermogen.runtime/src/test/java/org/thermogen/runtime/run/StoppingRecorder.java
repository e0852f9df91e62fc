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
        states.add(s);
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
