package org.thermogen.runtime.diffusion;

import java.util.Map;
import org.thermogen.runtime.sample.Samples;

/**
 * Points drawn by a {@link ReverseSampler}.
 *
 * @param count      number of points
 * @param dimension  coordinates per point
 * @param values     {@code count * dimension} values, row-major
 * @param sampler    the sampler in .gen syntax
 * @param trajectory the recorded path of one point, or null if none was asked for
 */
public record DiffusionSamples(int count, int dimension, double[] values, String sampler, Trajectory trajectory) {

    public double get(int row, int coordinate) {
        return values[row * dimension + coordinate];
    }

    /** As the runtime's {@link Samples}, with the number of reverse steps as a diagnostic. */
    public Samples toSamples(int reverseSteps) {
        return new Samples(count, dimension, values, sampler, Map.of("reverse_steps", (double) reverseSteps));
    }
}
