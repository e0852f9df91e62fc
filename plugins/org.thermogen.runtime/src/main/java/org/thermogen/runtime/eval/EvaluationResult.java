package org.thermogen.runtime.eval;

import java.util.Map;

/**
 * A measured figure.
 *
 * @param name          a key for {@code eval.json}: {@code log_likelihood_test}, {@code log_partition}
 * @param description   the metric in .gen syntax
 * @param value         the figure (nats for likelihoods and divergences)
 * @param standardError its Monte Carlo standard error, or 0 when computed exactly
 * @param method        how it was computed: {@code "exact enumeration of 65536 states"}
 * @param details       further figures ({@code "max_abs_error"}, {@code "examples"}, ...)
 */
public record EvaluationResult(String name, String description, double value, double standardError, String method,
        Map<String, Double> details) {
}
