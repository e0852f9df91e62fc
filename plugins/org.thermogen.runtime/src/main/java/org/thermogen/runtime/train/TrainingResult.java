package org.thermogen.runtime.train;

import java.util.Map;

/**
 * Trained parameters with the history of the run.
 *
 * @param theta   the final parameter vector
 * @param history one row per epoch (or iteration)
 * @param summary final figures worth reporting ({@code "step_size"}, {@code "converged"}, ...)
 */
public record TrainingResult(double[] theta, MetricsHistory history, Map<String, Double> summary) {
}
