package org.thermogen.runtime.diffusion;

/**
 * The exact (Bayes-optimal) denoiser for data {@code x_0 ~ N(m, sigma^2 I)}: with
 * {@code a = sqrt(abar_t)}, {@code s = sqrt(1 - abar_t)}, {@code x_t = a x_0 + s eps} is
 * Gaussian with mean {@code a m} and variance {@code v = a^2 sigma^2 + s^2}, jointly
 * Gaussian with {@code eps}, so the minimiser of the epsilon loss is
 * {@code E[eps | x_t] = s (x_t - a m) / v}. Outputs of the other prediction types are the
 * conversions of that (the conditional means of {@code x_0} and {@code v} likewise, by
 * linearity). A reference for testing samplers without training. Stateless.
 */
public final class GaussianDenoiser implements Denoiser {
    private final NoiseSchedule schedule;
    private final double[] mean;
    private final double variance;
    private final Prediction prediction;

    /**
     * @param mean  the data mean {@code m}, one value per coordinate (copied)
     * @param sigma the data's standard deviation in every coordinate, 0 or more
     */
    public GaussianDenoiser(NoiseSchedule schedule, double[] mean, double sigma, Prediction prediction) {
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("sigma must be a finite number 0 or more, not " + sigma);
        }
        if (mean.length < 1) {
            throw new IllegalArgumentException("the mean needs at least one coordinate");
        }
        this.schedule = schedule;
        this.mean = mean.clone();
        this.variance = sigma * sigma;
        this.prediction = prediction;
    }

    @Override
    public int dimension() {
        return mean.length;
    }

    @Override
    public Prediction prediction() {
        return prediction;
    }

    @Override
    public void predict(double[] x, int rows, int[] timesteps, double[] out) {
        int d = mean.length;
        for (int r = 0; r < rows; r++) {
            int t = timesteps[r];
            double a = schedule.sqrtAlphaBar(t);
            double s = schedule.sqrtOneMinusAlphaBar(t);
            double v = a * a * variance + s * s;
            for (int j = r * d, k = 0; k < d; j++, k++) {
                double eps = s * (x[j] - a * mean[k]) / v;
                out[j] = Prediction.EPSILON == prediction ? eps
                        : prediction.target(Prediction.EPSILON.toX0(eps, x[j], a, s), eps, a, s);
            }
        }
    }
}
