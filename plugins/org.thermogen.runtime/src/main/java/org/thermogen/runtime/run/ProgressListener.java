package org.thermogen.runtime.run;

import java.util.Map;

/**
 * Hears about long jobs: the command line draws a progress bar from it, the Eclipse
 * launcher a progress monitor, and the job writer takes periodic checkpoints.
 */
public interface ProgressListener {

    /** Ignores everything. */
    ProgressListener NONE = new ProgressListener() {
    };

    /** A task starts: {@code "train Ising16"} with {@code totalSteps} epochs, sweeps, ... */
    default void begin(String task, long totalSteps) {
    }

    /**
     * {@code done} of the task's steps are finished; {@code metrics} are the latest figures.
     * A trainer puts its loss first, and reports the figures of its starting point as step 0
     * when it has them, which is what a rising loss is measured against.
     */
    default void step(long done, Map<String, Double> metrics) {
    }

    /**
     * The trainer's current parameters after {@code step} steps, offered so that a
     * checkpoint can be written; listeners decide how often they take it and must copy
     * {@code theta} if they keep it.
     */
    default void snapshot(long step, double[] theta) {
    }

    /** A line worth showing the user (a warning, a recognized structure). */
    default void note(String line) {
    }

    /** The current task ended. */
    default void end() {
    }

    /**
     * Called by resumable trainers after each epoch with where the run stands; the arrays are
     * the trainer's copies, for the listener to keep. Default: nothing.
     */
    default void state(TrainingState state) {
    }
}
