package org.thermogen.runtime.diffusion;

/**
 * DDIM sampling (Song, Meng and Ermon 2021, (12)), {@code ddim(steps 50, eta 0)}: visits
 * {@code steps} of the {@code T} timesteps and from {@code t} to the previous visited
 * timestep {@code p} sets
 * {@code x_p = sqrt(abar_p) x0hat + sqrt(1 - abar_p - sigma^2) epshat + sigma z} with
 * {@code sigma = eta sqrt((1 - abar_p) / (1 - abar_t)) sqrt(1 - abar_t / abar_p)}.
 * {@code eta = 0} is deterministic given {@code x_T}; {@code eta = 1} with every timestep
 * is DDPM with the posterior variance.
 *
 * <p><b>Timestep spacing</b> is diffusers' {@code "leading"} default with
 * {@code steps_offset 0} and {@code set_alpha_to_one}: with {@code r = T / steps} (integer
 * division) the visited timesteps, in diffusers' 0-based numbering, are
 * {@code (steps-1) r, .., r, 0}, that is {@code t = (steps-1) r + 1, .., r + 1, 1} in ours
 * ({@link NoiseSchedule}: {@code t = 1 .. T}); the step after {@code t} goes to
 * {@code p = t - r}, and where {@code p < 1} it uses {@code abar_0 = 1}, so the last step
 * returns {@code x0hat}. When {@code r} does not divide {@code T} the first visited
 * timestep is below {@code T}, as in diffusers.
 */
public final class Ddim extends ReverseSampler {
    private final int steps;
    private final double eta;

    /**
     * @param steps number of denoiser evaluations, {@code 1 .. T}
     * @param eta   0 (deterministic) or more; 1 matches the DDPM posterior variance
     */
    public Ddim(int steps, double eta) {
        if (steps < 1) {
            throw new IllegalArgumentException("ddim steps must be at least 1, not " + steps);
        }
        if (!(eta >= 0) || Double.isInfinite(eta)) {
            throw new IllegalArgumentException("ddim eta must be a finite number 0 or more, not " + eta);
        }
        this.steps = steps;
        this.eta = eta;
    }

    public int steps() {
        return steps;
    }

    public double eta() {
        return eta;
    }

    @Override
    public String describe() {
        return "ddim(steps " + steps + ", eta " + NoiseSchedule.format(eta) + ")";
    }

    @Override
    public int[] timesteps(NoiseSchedule schedule) {
        int ratio = ratio(schedule);
        int[] t = new int[steps];
        for (int k = 0; k < steps; k++) {
            t[k] = (steps - 1 - k) * ratio + 1;
        }
        return t;
    }

    private int ratio(NoiseSchedule schedule) {
        if (steps > schedule.steps()) {
            throw new IllegalArgumentException("ddim steps " + steps + " exceed the " + schedule.steps()
                    + " steps of " + schedule.describe());
        }
        return schedule.steps() / steps;
    }

    @Override
    void coefficients(NoiseSchedule schedule, int[] timesteps, int k, double[] out) {
        int t = timesteps[k];
        int previous = Math.max(t - ratio(schedule), 0);
        double abarT = schedule.alphaBar(t);
        double abarP = schedule.alphaBar(previous);
        double sigma = eta * Math.sqrt((1 - abarP) / (1 - abarT) * (1 - abarT / abarP));
        out[0] = Math.sqrt(abarP);
        out[1] = 0;
        out[2] = Math.sqrt(Math.max(1 - abarP - sigma * sigma, 0));
        out[3] = sigma;
    }
}
