package org.thermogen.runtime.sample;

import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.run.RunContext;

/** Draws states from a model's distribution {@code exp(-E(x)) / Z}. Immutable settings. */
public interface Sampler {

    /** The sampler and its settings in .gen syntax. */
    String describe();

    /** How many samples {@code thermogen sample} draws when {@code -n} is not given. */
    int defaultCount();

    /**
     * Draws {@code n} samples with the random stream {@code context.random("sample")}.
     *
     * @throws IllegalArgumentException if this sampler cannot serve the model's energy
     */
    Samples sample(Model model, double[] theta, int n, RunContext context);
}
