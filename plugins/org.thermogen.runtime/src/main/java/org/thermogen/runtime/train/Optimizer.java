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

    /**
     * Refuses, for a trainer that samples its gradients ({@code trainer} names it), an
     * optimizer that needs exact ones: {@code lr auto} is the bound {@code 1/lambda_max} of the
     * exact Hessian. The stochastic trainers' builders call this, so {@code thermogen check}
     * refuses the setting at the token.
     *
     * @param instead the optimizer to advise, the trainer's default: {@code "sgd(lr 0.05)"}
     * @throws IllegalArgumentException if the optimizer's step size is {@code auto}
     */
    static void requireStochastic(Optimizer optimizer, String trainer, String instead) {
        if (optimizer.learningRate().isAuto()) {
            throw new IllegalArgumentException("lr auto needs exact expectations; " + trainer + " samples its gradients:"
                    + " give a step size, optimizer " + instead);
        }
    }
}
