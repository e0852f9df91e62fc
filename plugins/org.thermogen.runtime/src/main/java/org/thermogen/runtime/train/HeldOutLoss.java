package org.thermogen.runtime.train;

/**
 * A trainer's loss on held-out rows, as a function of the parameters: what
 * {@code validation Dataset.part} measures after every epoch. Deterministic (any randomness
 * drawn from a fixed stream), so the same parameters give the same figure, and a continued
 * run measures what an unstopped one would. Not thread-safe.
 */
@FunctionalInterface
public interface HeldOutLoss {

    /** The loss at {@code theta} (lower is better), per example as the trainer's own loss is. */
    double at(double[] theta);

    /**
     * The figure's name when it is not the trainer's own loss (an RBM's exact negative
     * log-likelihood where its training loss is the pseudo-likelihood); null: the trainer's loss.
     */
    default String name() {
        return null;
    }

    /** A held-out figure named {@code name}, computed by {@code at}. */
    static HeldOutLoss named(String name, java.util.function.ToDoubleFunction<double[]> at) {
        return new HeldOutLoss() {
            @Override
            public double at(double[] theta) {
                return at.applyAsDouble(theta);
            }

            @Override
            public String name() {
                return name;
            }
        };
    }
}
