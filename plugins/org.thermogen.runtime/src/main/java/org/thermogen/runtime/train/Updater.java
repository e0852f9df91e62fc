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
}
