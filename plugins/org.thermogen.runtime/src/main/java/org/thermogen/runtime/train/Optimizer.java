package org.thermogen.runtime.train;

/** How a trainer turns a gradient into a step. */
public interface Optimizer {

    /** The optimizer in .gen syntax. */
    String describe();

    /** The step size rule. */
    LearningRate learningRate();

    /**
     * True for Nesterov's accelerated gradient: each step starts from an extrapolation of the
     * last two iterates, which for a convex objective with step {@code 1/L} converges as
     * {@code O(1/k^2)} instead of {@code O(1/k)}.
     */
    default boolean accelerated() {
        return false;
    }

    /**
     * An updater for stochastic training (mini-batch gradients) of a model with this spec.
     *
     * @throws IllegalArgumentException if this optimizer cannot take noisy gradients, such as
     *                                  {@code lr auto}, which needs the exact Hessian
     */
    Updater start(org.thermogen.runtime.model.ModelSpec spec);
}
