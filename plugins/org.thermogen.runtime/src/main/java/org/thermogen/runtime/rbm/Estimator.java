package org.thermogen.runtime.rbm;

import java.util.Map;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.energy.BipartiteEnergy;
import org.thermogen.runtime.run.RunContext;

/**
 * A way to find the log partition function {@code ln Z} of a restricted Boltzmann machine:
 * {@code exact} ({@link ExactPartition}) or {@code ais(...)} ({@link Ais}). The
 * {@code log_likelihood} and {@code log_partition} evaluations take one as their
 * {@code method}.
 */
public interface Estimator {

    /** The estimator in .gen syntax: {@code exact}, {@code ais(runs 100, temperatures 10000)}. */
    String describe();

    /**
     * Estimates {@code ln Z} of {@code energy}.
     *
     * @param data rows of the visible units the model will be evaluated on, which an estimator
     *             may use to build a better starting distribution; null if there are none
     * @throws IllegalArgumentException if this estimator cannot serve the energy (too large for
     *                                  exact enumeration, real visibles without a quadratic term)
     */
    Estimate logPartition(BipartiteEnergy energy, Dataset data, RunContext context);

    /**
     * An estimate of {@code ln Z}.
     *
     * @param logPartition  the estimate
     * @param standardError its standard error, 0 when exact
     * @param method        how it was found, for reports: {@code "exact: 2^20 hidden states enumerated"}
     * @param details       further figures ({@code "effective_runs"}, ...)
     */
    record Estimate(double logPartition, double standardError, String method, Map<String, Double> details) {
    }

    /**
     * Why this estimator's settings are more work than a run may take on a model of this
     * outline ({@link org.thermogen.runtime.sample.Work}); empty if they are not.
     */
    default java.util.Optional<String> workRefusal(org.thermogen.runtime.model.ModelOutline model) {
        return java.util.Optional.empty();
    }
}
