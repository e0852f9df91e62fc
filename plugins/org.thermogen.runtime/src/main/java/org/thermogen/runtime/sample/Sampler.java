package org.thermogen.runtime.sample;

import java.util.Optional;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.ModelOutline;
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

    /**
     * Why this sampler cannot serve a model of this outline, in words that say what to use
     * instead; empty if it can. {@code thermogen check} asks this at the token and
     * {@link #sample} refuses with the same words.
     */
    default Optional<String> refusal(ModelOutline model) {
        return Optional.empty();
    }

    /**
     * Why this sampler's settings are more work than a run may take on a model of this
     * outline ({@link Work}), with the figure and how to lower it; empty if they are not, or
     * the work is not known. {@code thermogen check} asks this at the token and
     * {@link #sample} refuses with the same words.
     */
    default Optional<String> workRefusal(ModelOutline model) {
        return Optional.empty();
    }
}
