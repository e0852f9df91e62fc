package org.thermogen.runtime.sample;

import java.util.SplittableRandom;
import org.thermogen.runtime.model.Model;

/**
 * A model family whose samples can be drawn independently and exactly, without a Markov
 * chain: ancestrally (mixtures, VAEs), in closed form (Gaussians) or by enumerating one
 * layer (restricted Boltzmann machines with a small layer). The {@code exact} sampler asks
 * a model's {@link org.thermogen.runtime.model.Structure} for this capability.
 */
public interface ExactDraws {

    /**
     * {@code n} independent samples of the observed units at {@code theta}.
     *
     * @throws IllegalArgumentException if this model is too large to sample exactly
     */
    Draws drawExactly(Model model, double[] theta, int n, SplittableRandom random);

    /**
     * Samples of the observed units, row by row, and how they were drawn.
     *
     * @param values n rows of the observed units
     * @param method a phrase for the samples' description, e.g. "closed form"
     */
    record Draws(double[] values, String method) {
    }
}
