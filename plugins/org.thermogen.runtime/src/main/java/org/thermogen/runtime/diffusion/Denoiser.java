package org.thermogen.runtime.diffusion;

/**
 * The learned part of a diffusion model: given a batch of noisy points {@code x_t} and their
 * timesteps, writes the network's prediction (of the noise, the clean point or the velocity,
 * see {@link #prediction()}) into an output buffer.
 *
 * <p>Timesteps follow {@link NoiseSchedule}'s convention, {@code 1 <= t <= T}. Rows are
 * independent: the prediction for one row must not depend on the other rows of the batch,
 * so that samples do not depend on how rows are grouped into batches (and hence on the
 * number of threads).
 *
 * <pre>{@code
 * Denoiser exact = new GaussianDenoiser(schedule, new double[] {1, -2}, 0.5, Prediction.EPSILON);
 * exact.predict(x, rows, timesteps, out);
 * }</pre>
 */
public interface Denoiser {

    /** Number of coordinates of one point. */
    int dimension();

    /** What {@link #predict} writes. */
    Prediction prediction();

    /**
     * Predicts for {@code rows} points.
     *
     * @param x         {@code rows * dimension()} values, row-major; not modified
     * @param rows      number of points
     * @param timesteps one timestep per row, {@code 1 .. T}
     * @param out       receives {@code rows * dimension()} predictions, row-major
     */
    void predict(double[] x, int rows, int[] timesteps, double[] out);

    /**
     * A denoiser computing the same function that another thread may use at the same time
     * as this one (its own work buffers). Samplers ask for one per piece of parallel work.
     * Denoisers without mutable state return themselves.
     */
    default Denoiser duplicate() {
        return this;
    }
}
