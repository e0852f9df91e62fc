package org.thermogen.runtime.eval;

import java.util.List;
import java.util.Optional;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.ModelOutline;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.sample.Sampler;

/** One figure of merit from an {@code evaluate} clause. Immutable settings. */
public interface Evaluation {

    /** The metric in .gen syntax: {@code log_likelihood on Spins16.test}. */
    String describe();

    /** Evaluates the model at {@code theta}, drawing samples (if the metric needs them) with its default sampler. */
    EvaluationResult evaluate(Model model, double[] theta, RunContext context);

    /**
     * Evaluates the model at {@code theta} where its file declares {@code sample with ...}:
     * metrics measured on samples draw them with {@code declared} (the first serves, as for
     * {@code thermogen sample}); the others ignore it. The job runner calls this one.
     *
     * @param declared the model's declared samplers, first first; empty if it declares none
     */
    default EvaluationResult evaluate(Model model, double[] theta, List<Sampler> declared, RunContext context) {
        return evaluate(model, theta, context);
    }

    /**
     * Why this metric cannot measure a model of this outline, with these declared samplers,
     * in words that say what to change; empty if it can. {@code thermogen check} asks this at
     * the token and {@link #evaluate} refuses with the same words.
     *
     * @param declared the model's declared samplers, first first; empty if it declares none
     */
    default Optional<String> refusal(ModelOutline model, List<Sampler> declared) {
        return Optional.empty();
    }

    /**
     * Why this evaluation's settings are more work than a run may take on a model of this
     * outline ({@link org.thermogen.runtime.sample.Work}); empty if they are not, or the work
     * is not known. {@code thermogen check} asks this at the token.
     */
    default Optional<String> workRefusal(ModelOutline model) {
        return Optional.empty();
    }

    /**
     * True if what this evaluation refuses depends on the values of its data
     * ({@link #dataRefusal}), so that {@code thermogen check} reads the data to ask.
     */
    default boolean checksData() {
        return false;
    }

    /**
     * Why this evaluation cannot measure {@code rows} (its data, read as a run reads them),
     * in words that say what to change; empty if it can. {@code thermogen check} asks this
     * of evaluations that {@link #checksData()}, and {@link #evaluate} refuses with the same words.
     */
    default Optional<String> dataRefusal(org.thermogen.runtime.data.Dataset rows) {
        return Optional.empty();
    }
}
