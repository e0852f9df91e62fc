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
}
