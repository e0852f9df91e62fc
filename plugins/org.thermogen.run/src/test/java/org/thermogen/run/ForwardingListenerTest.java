package org.thermogen.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.thermogen.run.family.TrainingSnapshots;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.TrainingState;

/**
 * The job's watches pass on every call they do not act on. TrainingSnapshots once dropped the
 * training states (and notes and the end), so a diffusion model of images that wrote progress
 * grids saved no state for {@code --resume}.
 */
class ForwardingListenerTest {

    /** Records the calls it hears, by name. */
    private static final class Heard implements ProgressListener {
        final List<String> calls = new ArrayList<>();

        @Override
        public void begin(String task, long totalSteps) {
            calls.add("begin");
        }

        @Override
        public void step(long done, Map<String, Double> metrics) {
            calls.add("step");
        }

        @Override
        public void snapshot(long step, double[] theta) {
            calls.add("snapshot");
        }

        @Override
        public void note(String line) {
            calls.add("note");
        }

        @Override
        public void end() {
            calls.add("end");
        }

        @Override
        public void state(TrainingState state) {
            calls.add("state");
        }
    }

    @Test
    void trainingSnapshotsPassOnEveryCall() {
        Heard heard = new Heard();
        // No grid is due (no epochs begun), so the snapshot writes nothing: only the passing on is tested.
        ProgressListener snapshots = new TrainingSnapshots(heard, "M", null, null, Path.of("unused"), 0, 1);
        snapshots.state(new TrainingState(1, new double[0], new double[0], new double[0], List.of(), List.of()));
        snapshots.step(1, Map.of("loss", 1.0));
        snapshots.snapshot(1, new double[0]);
        snapshots.note("a note");
        snapshots.end();
        assertEquals(List.of("state", "step", "snapshot", "note", "end"), heard.calls);
    }
}
