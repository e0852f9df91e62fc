package org.thermogen.runtime.train;

/**
 * The state of an optimizer during one stochastic training run (velocities, moment
 * estimates). Steps allocate nothing.
 */
public interface Updater {

    /**
     * Moves {@code theta} against {@code grad} (the gradient of the loss, already projected
     * onto the constraints); {@code progress} in [0, 1] is the fraction of training done,
     * for schedules.
     */
    void step(double[] theta, double[] grad, double progress);

    /**
     * Everything the next step depends on besides {@code theta} (moment estimates,
     * velocities, the step count), as one array, a copy: with {@link #restore}, a training
     * saved between two steps continues bit-identically. Empty for stateless updaters.
     */
    default double[] state() {
        return new double[0];
    }

    /**
     * Takes back what {@link #state()} returned.
     *
     * @throws IllegalArgumentException if {@code state} does not have this updater's length
     */
    default void restore(double[] state) {
        requireLength(state, 0);
    }

    /** Refuses a saved state of another updater. */
    static void requireLength(double[] state, int length) {
        if (state.length != length) {
            throw new IllegalArgumentException("the saved optimizer state has " + state.length + " values, this optimizer"
                    + " keeps " + length + ": the run was saved with another optimizer or model");
        }
    }
}
