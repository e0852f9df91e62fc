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

    /** The most samples one run may draw: a Java array's limit. */
    public static final int MAX_COUNT = Integer.MAX_VALUE - 8;

    /**
     * The number of samples {@code chains} chains of {@code steps} steps keep, one every
     * {@code thin} (at least one per chain), computed without overflow.
     *
     * @throws IllegalArgumentException if that is more than {@link #MAX_COUNT}
     */
    public static int count(String sampler, int chains, String stepsName, int steps, int thin) {
        long count = (long) chains * Math.max(1, steps / Math.max(1, thin));
        if (count > MAX_COUNT) {
            throw new IllegalArgumentException(sampler + " keeps chains " + chains + " x " + stepsName + " " + steps
                    + " / thin " + thin + " = " + count + " samples, more than the " + MAX_COUNT
                    + " one run can hold: use fewer chains or " + stepsName + ", or a larger thin");
        }
        return (int) count;
    }

    /**
     * How a sampler with {@code chains} chains deals {@code n} samples: {@code n / chains} to
     * each, one more to the first {@code n % chains}; their draws lie chain after chain.
     */
    public static int[] perChain(int n, int chains) {
        int[] counts = new int[chains];
        for (int c = 0; c < chains; c++) {
            counts[c] = n / chains + (c < n % chains ? 1 : 0);
        }
        return counts;
    }

    /** The chains' draws one chain after another: {@code length} values from {@code parts} in order. */
    public static double[] concatenate(double[][] parts, int length) {
        double[] values = new double[length];
        int offset = 0;
        for (double[] part : parts) {
            System.arraycopy(part, 0, values, offset, part.length);
            offset += part.length;
        }
        return values;
    }

    public double get(int sample, int unit) {
        return values[sample * dimension + unit];
    }
}
