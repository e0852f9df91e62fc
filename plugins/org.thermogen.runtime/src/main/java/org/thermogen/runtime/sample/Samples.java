package org.thermogen.runtime.sample;

import java.util.Map;

/**
 * Samples of the observed units, one per row, row-major.
 *
 * @param count       number of samples
 * @param dimension   observed units per sample
 * @param values      {@code count * dimension} values
 * @param sampler     the sampler in .gen syntax
 * @param diagnostics figures about the sampling run (acceptance rates, sweeps, ...)
 */
public record Samples(int count, int dimension, double[] values, String sampler, Map<String, Double> diagnostics) {

    public double get(int sample, int unit) {
        return values[sample * dimension + unit];
    }
}
