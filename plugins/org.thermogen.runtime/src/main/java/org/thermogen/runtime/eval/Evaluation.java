package org.thermogen.runtime.eval;

import org.thermogen.runtime.model.ModelDefinition;
import org.thermogen.runtime.run.RunContext;

/** One figure of merit from an {@code evaluate} clause. Immutable settings. */
public interface Evaluation {

    /** The metric in .gen syntax: {@code log_likelihood on Spins16.test}. */
    String describe();

    EvaluationResult evaluate(ModelDefinition model, double[] theta, RunContext context);
}
