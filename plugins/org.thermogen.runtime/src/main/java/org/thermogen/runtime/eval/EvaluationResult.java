package org.thermogen.runtime.eval;

import java.util.List;
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
 * @param series        the figure as a function of something (energy per temperature), or null
 */
public record EvaluationResult(String name, String description, double value, double standardError, String method,
        Map<String, Double> details, Series series) {

    /** A result without a series. */
    public EvaluationResult(String name, String description, double value, double standardError, String method,
            Map<String, Double> details) {
        this(name, description, value, standardError, method, details, null);
    }

    /** The same figure under another key. */
    public EvaluationResult named(String newName) {
        return new EvaluationResult(newName, description, value, standardError, method, details, series);
    }

    /**
     * Values of a figure along an axis, with standard errors: what the report plots.
     *
     * @param xLabel the axis, {@code "temperature"}
     * @param yLabel the figure, {@code "energy per spin"}
     * @param x      positions
     * @param y      values
     * @param se     standard errors (0 where exact)
     */
    public record Series(String xLabel, String yLabel, List<Double> x, List<Double> y, List<Double> se) {
    }
}
