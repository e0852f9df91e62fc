package org.thermogen.runtime.diffusion;

/**
 * Ancestral sampling of DDPM (Ho et al. 2020, Algorithm 2), {@code ddpm(variance posterior)}:
 * for {@code t = T .. 1},
 * {@code x_{t-1} = c1_t x0hat + c2_t x_t + sigma_t z}, the posterior mean of
 * {@link NoiseSchedule} with the denoiser's {@code x0hat} in place of {@code x_0} (for an
 * epsilon-predictor this is {@code (x_t - beta_t / sqrt(1 - abar_t) epshat) / sqrt(alpha_t)}),
 * and {@code z ~ N(0, I)} except at {@code t = 1}, which returns the mean. The reverse
 * variance {@code sigma_t^2} is {@code beta_t} ({@link Variance#BETA}, the upper bound on the
 * true reverse variance, best for data far from a point) or the posterior variance
 * {@code (1 - abar_{t-1}) / (1 - abar_t) beta_t} ({@link Variance#POSTERIOR}, the lower bound,
 * exact when the data is a single point); Ho et al. found both give similar samples.
 */
public final class Ddpm extends ReverseSampler {

    /** The reverse-step variance. */
    public enum Variance {
        /** {@code sigma_t^2 = beta_t}; {@code .gen}: {@code variance beta}. */
        BETA,
        /** {@code sigma_t^2 = (1 - abar_{t-1}) / (1 - abar_t) beta_t}; {@code .gen}: {@code variance posterior}. */
        POSTERIOR
    }

    private final Variance variance;

    public Ddpm(Variance variance) {
        this.variance = java.util.Objects.requireNonNull(variance);
    }

    public Variance variance() {
        return variance;
    }

    @Override
    public String describe() {
        return "ddpm(variance " + (variance == Variance.BETA ? "beta" : "posterior") + ")";
    }

    /** {@code T, T-1, .., 1}. */
    @Override
    public int[] timesteps(NoiseSchedule schedule) {
        int[] t = new int[schedule.steps()];
        for (int k = 0; k < t.length; k++) {
            t[k] = t.length - k;
        }
        return t;
    }

    @Override
    void coefficients(NoiseSchedule schedule, int[] timesteps, int k, double[] out) {
        int t = timesteps[k];
        out[0] = schedule.posteriorMeanCoefX0(t);
        out[1] = schedule.posteriorMeanCoefXt(t);
        out[2] = 0;
        out[3] = t == 1 ? 0 : Math.sqrt(variance == Variance.BETA ? schedule.beta(t) : schedule.posteriorVariance(t));
    }
}
