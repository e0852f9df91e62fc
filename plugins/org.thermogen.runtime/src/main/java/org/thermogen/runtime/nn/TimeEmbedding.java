package org.thermogen.runtime.nn;

/**
 * The sinusoidal embedding of a time step (Vaswani et al. 2017; Ho et al. 2020), through
 * which one denoising network is shared over all steps of a diffusion: for dimension
 * {@code d} and {@code i = 0 .. d/2 - 1}, with frequencies {@code w_i = 10000^(-2i/d)},
 * component {@code i} is {@code sin(t w_i)} and component {@code d/2 + i} is
 * {@code cos(t w_i)} (the sines first, then the cosines, as in the DDPM code). A
 * denoiser's input row is {@code x} followed by the embedding of {@code t}: see
 * {@link #concat}.
 */
public final class TimeEmbedding {
    private final int dimension;
    private final double[] frequency;

    /**
     * @param dimension an even number of components
     */
    public TimeEmbedding(int dimension) {
        if (dimension <= 0 || dimension % 2 != 0) {
            throw new IllegalArgumentException("a time embedding needs a positive even dimension, got " + dimension);
        }
        this.dimension = dimension;
        int half = dimension / 2;
        frequency = new double[half];
        for (int i = 0; i < half; i++) {
            frequency[i] = Math.pow(10000.0, -2.0 * i / dimension);
        }
    }

    public int dimension() {
        return dimension;
    }

    /** The frequency {@code w_i = 10000^(-2i/d)} of components {@code i} and {@code d/2 + i}. */
    public double frequency(int i) {
        return frequency[i];
    }

    /** Writes the embedding of {@code t} into {@code out[offset .. offset + d)}. */
    public void embed(double t, double[] out, int offset) {
        int half = frequency.length;
        for (int i = 0; i < half; i++) {
            double angle = t * frequency[i];
            out[offset + i] = Math.sin(angle);
            out[offset + half + i] = Math.cos(angle);
        }
    }

    /**
     * Builds network input rows {@code [x_r, embed(t_r)]}: row {@code r} of {@code out}
     * ({@code columns + d} values) is row {@code r} of {@code x} ({@code columns} values)
     * followed by the embedding of {@code t[r]}.
     */
    public void concat(double[] x, int columns, double[] t, int rows, double[] out) {
        int width = columns + dimension;
        if (out.length < rows * width) {
            throw new IllegalArgumentException(rows + " rows of " + width + " values do not fit " + out.length);
        }
        for (int r = 0; r < rows; r++) {
            System.arraycopy(x, r * columns, out, r * width, columns);
            embed(t[r], out, r * width + columns);
        }
    }
}
