package org.thermogen.runtime.train;

import org.thermogen.runtime.model.ModelOutline;
import java.util.Optional;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.run.RunContext;

/**
 * Fits a model's parameters to data. Trainers are immutable settings objects (built
 * from the {@code train ... with} clause of a .gen file); {@link #train} never changes
 * its inputs and returns new parameters.
 */
public interface Trainer {

    /** The trainer and its settings in .gen syntax, for provenance and reports. */
    String describe();

    /**
     * Trains from {@code initialTheta} on the observed units of {@code data}.
     *
     * @throws IllegalArgumentException if this trainer cannot serve the model's energy
     *                                  (the message says which trainer can)
     */
    TrainingResult train(Model model, double[] initialTheta, Dataset data, RunContext context);

    /**
     * Why this trainer cannot serve a model of this outline, in words that say what to use
     * instead; empty if it can. {@code thermogen check} asks this at the token and
     * {@link #train} refuses with the same words.
     */
    default Optional<String> refusal(ModelOutline model) {
        return Optional.empty();
    }

    /**
     * The same trainer with another number of epochs ({@code thermogen train --epochs N});
     * trainers without epochs (closed forms) return themselves.
     */
    default Trainer withEpochs(int epochs) {
        return this;
    }

    /**
     * The held-out rows this trainer is measured on after every epoch and what to do with the
     * figure ({@code validation D.test}, {@code keep best}, {@code patience N}), if its
     * settings name any.
     */
    default Optional<Validation> validation() {
        return Optional.empty();
    }

    /**
     * True if this trainer can measure its loss on held-out rows ({@link #heldOutLoss}), so
     * that {@code validation} is one of its settings.
     */
    default boolean measuresHeldOut() {
        return false;
    }

    /**
     * Its loss on {@code rows} as a function of the parameters, reported as
     * {@code held_out_<loss>} beside the loss on the training rows.
     *
     * @throws UnsupportedOperationException if it cannot ({@link #measuresHeldOut()} false)
     * @throws IllegalArgumentException      if the rows do not fit the model
     */
    default HeldOutLoss heldOutLoss(Model model, Dataset rows, RunContext context) {
        throw new UnsupportedOperationException(describe() + " measures nothing on held-out rows");
    }

    /**
     * The parameters a run standing at {@code state} would return if it ended there: its
     * parameters, or what the trainer derives from them (a moving average of them, say). What
     * {@link #heldOutLoss} measures and {@code keep best} keeps.
     */
    default double[] kept(org.thermogen.runtime.run.TrainingState state) {
        return state.theta();
    }

    /** True if this trainer can continue a saved run ({@link #resume}). */
    default boolean resumable() {
        return false;
    }

    /**
     * Continues a run from {@code from} (what this trainer reported through
     * {@link org.thermogen.runtime.run.ProgressListener#state} after epoch {@code from.epoch()})
     * to its last epoch, with the same seed giving bit-identically what a run that was never
     * stopped gives. The history returned holds the epochs after {@code from.epoch()}.
     *
     * @throws UnsupportedOperationException if this trainer cannot ({@link #resumable()} false)
     * @throws IllegalArgumentException      if the state is not of this trainer and model
     */
    default TrainingResult resume(Model model, org.thermogen.runtime.run.TrainingState from, Dataset data,
            RunContext context) {
        throw new UnsupportedOperationException(describe() + " cannot continue a saved run; train again");
    }
}
