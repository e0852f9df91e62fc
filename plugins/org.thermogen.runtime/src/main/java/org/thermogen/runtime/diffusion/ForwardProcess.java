package org.thermogen.runtime.diffusion;

import java.util.SplittableRandom;

/**
 * The forward (noising) process of a {@link NoiseSchedule} on points of {@code n}
 * coordinates: the one-step kernel, the closed-form marginal and the Gaussian posterior
 * that DDPM's reverse steps imitate. Methods write into caller arrays and allocate nothing.
 *
 * <ul>
 * <li>{@link #step}: {@code q(x_t | x_{t-1}) = N(sqrt(1 - beta_t) x_{t-1}, beta_t I)};</li>
 * <li>{@link #marginal}: {@code q(x_t | x_0) = N(sqrt(abar_t) x_0, (1 - abar_t) I)} by
 * reparameterisation {@code x_t = sqrt(abar_t) x_0 + sqrt(1 - abar_t) eps}, returning the
 * noise {@code eps} that the simplified loss regresses on;</li>
 * <li>{@link #posteriorMean} and {@link #posteriorVariance}:
 * {@code q(x_{t-1} | x_t, x_0) = N(c1_t x_0 + c2_t x_t, var_t I)}, the product of
 * {@code q(x_t | x_{t-1})} and {@code q(x_{t-1} | x_0)} normalised.</li>
 * </ul>
 */
public final class ForwardProcess {
    private final NoiseSchedule schedule;

    public ForwardProcess(NoiseSchedule schedule) {
        this.schedule = schedule;
    }

    public NoiseSchedule schedule() {
        return schedule;
    }

    /**
     * Draws {@code x_t ~ q(x_t | x_{t-1})} into {@code out} (which may be {@code previous}).
     *
     * @param n number of coordinates to process (from index 0)
     */
    public void step(double[] previous, int t, int n, SplittableRandom random, double[] out) {
        double scale = Math.sqrt(schedule.alpha(t));
        double sd = Math.sqrt(schedule.beta(t));
        for (int i = 0; i < n; i++) {
            out[i] = scale * previous[i] + sd * random.nextGaussian();
        }
    }

    /**
     * Draws {@code x_t ~ q(x_t | x_0)}: fills {@code noise} with standard normals and
     * {@code xt} with {@code sqrt(abar_t) x0 + sqrt(1 - abar_t) noise}. At {@code t = 0}
     * {@code xt} is {@code x0}.
     */
    public void marginal(double[] x0, int t, int n, SplittableRandom random, double[] noise, double[] xt) {
        double a = schedule.sqrtAlphaBar(t);
        double s = schedule.sqrtOneMinusAlphaBar(t);
        for (int i = 0; i < n; i++) {
            double e = random.nextGaussian();
            noise[i] = e;
            xt[i] = a * x0[i] + s * e;
        }
    }

    /** Mean of {@code q(x_{t-1} | x_t, x_0)} into {@code out}, {@code 1 <= t <= T}. */
    public void posteriorMean(double[] x0, double[] xt, int t, int n, double[] out) {
        double c1 = schedule.posteriorMeanCoefX0(t);
        double c2 = schedule.posteriorMeanCoefXt(t);
        for (int i = 0; i < n; i++) {
            out[i] = c1 * x0[i] + c2 * xt[i];
        }
    }

    /** Variance (per coordinate) of {@code q(x_{t-1} | x_t, x_0)}; 0 at {@code t = 1}. */
    public double posteriorVariance(int t) {
        return schedule.posteriorVariance(t);
    }
}
