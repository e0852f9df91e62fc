package org.thermogen.runtime.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/**
 * Samplers against the exact denoiser of Gaussian data N(m, sigma^2 I), m = (1, -2),
 * sigma = 0.5, under linear(1e-4, 0.02, 1000).
 */
class ReverseSamplerTest {
    private static final double[] MEAN = {1, -2};
    private static final double SIGMA = 0.5;
    private static final NoiseSchedule SCHEDULE = NoiseSchedule.linear(1000);
    private static final int N = 4000;

    /**
     * For Gaussian data and the exact denoiser every reverse step is affine in x plus Gaussian
     * noise, so the sampler's output is exactly Gaussian with a mean and variance that a
     * recursion over the steps gives (computed here from the published update formulas, not
     * from the sampler's coefficients). With N = 4000 samples each coordinate's sample mean
     * must lie within 4 standard errors sqrt(V / N) of that mean and the sample variance within
     * 4 V sqrt(2 / (N - 1)) of V. Separately, the exact output of DDPM (either variance) and of
     * DDIM over all 1000 steps is within 0.01 of the data mean and 2% of its variance (the
     * deterministic DDIM keeps part of the start's error: x_T is drawn from N(0, I), not from
     * q(x_T) with mean sqrt(abar_T) m = 0.0064 m, and moves the mean by 0.003 m); DDIM with
     * 50 steps, a coarse discretisation, shrinks the variance (0.25 to 0.223 at eta 0, 0.197
     * at eta 1), which the recursion predicts too.
     */
    @Test
    void samplersReproduceTheDataMeanAndVariance() {
        ReverseSampler[] samplers = {new Ddpm(Ddpm.Variance.POSTERIOR), new Ddpm(Ddpm.Variance.BETA),
                new Ddim(50, 0), new Ddim(50, 1), new Ddim(1000, 0)};
        for (Prediction type : Prediction.values()) {
            Denoiser exact = new GaussianDenoiser(SCHEDULE, MEAN, SIGMA, type);
            for (ReverseSampler sampler : samplers) {
                DiffusionSamples samples = sampler.sample(SCHEDULE, exact, N, new SplittableRandom(11), null, -1);
                for (int c = 0; c < 2; c++) {
                    double[] moments = exactOutputMoments(sampler, MEAN[c]);
                    double m = 0;
                    for (int i = 0; i < N; i++) {
                        m += samples.get(i, c);
                    }
                    m /= N;
                    double v = 0;
                    for (int i = 0; i < N; i++) {
                        v += (samples.get(i, c) - m) * (samples.get(i, c) - m);
                    }
                    v /= N - 1;
                    System.out.printf("%s %s coordinate %d: mean %.5f (sampler exact %.5f, data %.1f),"
                            + " variance %.5f (sampler exact %.5f, data %.2f)%n", sampler, type, c, m, moments[0],
                            MEAN[c], v, moments[1], SIGMA * SIGMA);
                    assertEquals(moments[0], m, 4 * Math.sqrt(moments[1] / N), sampler + " " + type);
                    assertEquals(moments[1], v, 4 * moments[1] * Math.sqrt(2.0 / (N - 1)), sampler + " " + type);
                    if (!(sampler instanceof Ddim ddim && ddim.steps() < 1000)) {
                        assertEquals(MEAN[c], moments[0], 0.01, sampler.toString());
                        assertEquals(SIGMA * SIGMA, moments[1], 0.02 * SIGMA * SIGMA, sampler.toString());
                    }
                }
            }
        }
        double[] coarse = exactOutputMoments(new Ddim(50, 0), 0);
        assertEquals(0.223, coarse[1], 0.001);
    }

    /**
     * Mean and variance of one coordinate of the output, from x_T ~ N(0, 1), with the exact
     * epsilon e(x) = s (x - a m) / (a^2 sigma^2 + s^2) and x0(x) = (x - s e(x)) / a.
     */
    private static double[] exactOutputMoments(ReverseSampler sampler, double m) {
        double mu = 0;
        double var = 1;
        int[] steps = sampler.timesteps(SCHEDULE);
        int ratio = steps.length > 1 ? steps[0] - steps[1] : SCHEDULE.steps();
        for (int t : steps) {
            double abar = SCHEDULE.alphaBar(t);
            double a = Math.sqrt(abar);
            double s = Math.sqrt(1 - abar);
            double v = a * a * SIGMA * SIGMA + s * s;
            double epsSlope = s / v;
            double epsShift = -s * a * m / v;
            double x0Slope = (1 - s * epsSlope) / a;
            double x0Shift = -s * epsShift / a;
            double slope;
            double shift;
            double noise;
            if (sampler instanceof Ddpm ddpm) {
                // Ho et al. (7): mu~ = sqrt(abar_{t-1}) beta_t / (1 - abar_t) x0 + sqrt(alpha_t) (1 - abar_{t-1}) / (1 - abar_t) x_t
                double abarPrev = t == 1 ? 1 : SCHEDULE.alphaBar(t - 1);
                double beta = 1 - abar / abarPrev;
                double c0 = Math.sqrt(abarPrev) * beta / (1 - abar);
                double ct = Math.sqrt(1 - beta) * (1 - abarPrev) / (1 - abar);
                slope = c0 * x0Slope + ct;
                shift = c0 * x0Shift;
                noise = t == 1 ? 0 : ddpm.variance() == Ddpm.Variance.BETA ? beta : (1 - abarPrev) / (1 - abar) * beta;
            } else {
                Ddim ddim = (Ddim) sampler;
                double abarPrev = t - ratio >= 1 ? SCHEDULE.alphaBar(t - ratio) : 1;
                // Song et al. (16): sigma^2 = eta^2 (1 - abar_prev) / (1 - abar_t) (1 - abar_t / abar_prev)
                double sigma2 = ddim.eta() * ddim.eta() * (1 - abarPrev) / (1 - abar) * (1 - abar / abarPrev);
                double dir = Math.sqrt(1 - abarPrev - sigma2);
                slope = Math.sqrt(abarPrev) * x0Slope + dir * epsSlope;
                shift = Math.sqrt(abarPrev) * x0Shift + dir * epsShift;
                noise = sigma2;
            }
            mu = shift + slope * mu;
            var = slope * slope * var + noise;
        }
        return new double[] {mu, var};
    }

    /** DDIM with eta 0 ignores the random stream: the same x_T gives the same samples. */
    @Test
    void ddimWithEtaZeroIsDeterministicGivenXT() {
        Denoiser exact = new GaussianDenoiser(SCHEDULE, MEAN, SIGMA, Prediction.EPSILON);
        double[] xT = new double[200];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < xT.length; i++) {
            xT[i] = random.nextGaussian();
        }
        Ddim ddim = new Ddim(50, 0);
        double[] a = ddim.denoise(SCHEDULE, exact, xT, 100, new SplittableRandom(1), null, -1).values();
        double[] b = ddim.denoise(SCHEDULE, exact, xT, 100, new SplittableRandom(2), null, -1).values();
        assertArrayEquals(a, b, 0.0);
        Ddim noisy = new Ddim(50, 1);
        double[] c = noisy.denoise(SCHEDULE, exact, xT, 100, new SplittableRandom(1), null, -1).values();
        double[] d = noisy.denoise(SCHEDULE, exact, xT, 100, new SplittableRandom(2), null, -1).values();
        assertNotEquals(c[0], d[0]);
    }

    /**
     * DDIM with eta 1 over every timestep is DDPM with the posterior variance (Song et al.
     * 2021, section 4.1): same noise draws, same samples to rounding.
     */
    @Test
    void ddimWithEtaOneAndAllStepsIsDdpmPosterior() {
        NoiseSchedule schedule = NoiseSchedule.cosine(100);
        Denoiser exact = new GaussianDenoiser(schedule, MEAN, SIGMA, Prediction.V);
        double[] ddpm = new Ddpm(Ddpm.Variance.POSTERIOR).sample(schedule, exact, 50, new SplittableRandom(5), null, -1)
                .values();
        double[] ddim = new Ddim(100, 1).sample(schedule, exact, 50, new SplittableRandom(5), null, -1).values();
        assertArrayEquals(ddpm, ddim, 1e-9);
    }

    /** Leading spacing: T = 1000, 50 steps, r = 20 gives t = 981, 961, .., 21, 1 (diffusers' 980 .. 0). */
    @Test
    void ddimTimestepsAreLeadingSpaced() {
        int[] t = new Ddim(50, 0).timesteps(SCHEDULE);
        assertEquals(50, t.length);
        assertEquals(981, t[0]);
        assertEquals(961, t[1]);
        assertEquals(1, t[49]);
        assertArrayEquals(new int[] {7, 4, 1}, new Ddim(3, 0).timesteps(NoiseSchedule.linear(10)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Ddim(11, 0).timesteps(NoiseSchedule.linear(10)));
        assertEquals("ddim steps 11 exceed the 10 steps of linear(beta_start 1e-4, beta_end 0.02, steps 10)",
                e.getMessage());
        assertEquals(1000, new Ddpm(Ddpm.Variance.BETA).timesteps(SCHEDULE)[0]);
    }

    /** Per-row streams and fixed pieces: two threads give the bit-identical samples of one. */
    @Test
    void samplesDoNotDependOnThreads() {
        Denoiser exact = new GaussianDenoiser(SCHEDULE, MEAN, SIGMA, Prediction.EPSILON);
        ForkJoinPool pool = new ForkJoinPool(2);
        try {
            Ddpm ddpm = new Ddpm(Ddpm.Variance.BETA);
            double[] one = ddpm.sample(SCHEDULE, exact, 301, new SplittableRandom(9), null, -1).values();
            double[] two = ddpm.sample(SCHEDULE, exact, 301, new SplittableRandom(9), pool, -1).values();
            assertArrayEquals(one, two, 0.0);
        } finally {
            pool.shutdown();
        }
    }

    /** The trajectory starts at the sample's x_T and ends at the returned sample. */
    @Test
    void trajectoryOfOneSample() {
        Denoiser exact = new GaussianDenoiser(SCHEDULE, MEAN, SIGMA, Prediction.EPSILON);
        Ddim ddim = new Ddim(20, 0);
        double[] xT = new double[2 * 40];
        for (int i = 0; i < xT.length; i++) {
            xT[i] = i / 40.0 - 1;
        }
        DiffusionSamples samples = ddim.denoise(SCHEDULE, exact, xT, 40, new SplittableRandom(1), null, 17);
        Trajectory path = samples.trajectory();
        assertEquals(17, path.row());
        assertEquals(21, path.states().length);
        assertEquals(20, path.predictedX0().length);
        assertArrayEquals(new double[] {xT[34], xT[35]}, path.states()[0], 0.0);
        assertArrayEquals(new double[] {samples.get(17, 0), samples.get(17, 1)}, path.states()[20], 0.0);
        // The last DDIM step returns the predicted x_0.
        assertArrayEquals(path.predictedX0()[19], path.states()[20], 1e-12);
        assertThrows(IllegalArgumentException.class, () -> ddim.denoise(SCHEDULE, exact, xT, 40,
                new SplittableRandom(1), null, 40));
    }

    /** Through a RunContext: one listener step per reverse step, and an interrupted thread stops with CancellationException. */
    @Test
    void reportsProgressAndStopsWhenCancelled() {
        Denoiser exact = new GaussianDenoiser(SCHEDULE, MEAN, SIGMA, Prediction.EPSILON);
        long[] steps = {0, 0};
        org.thermogen.runtime.run.ProgressListener listener = new org.thermogen.runtime.run.ProgressListener() {
            @Override
            public void begin(String task, long total) {
                steps[0] = total;
            }

            @Override
            public void step(long done, java.util.Map<String, Double> metrics) {
                steps[1] = done;
            }
        };
        org.thermogen.runtime.run.RunContext context = new org.thermogen.runtime.run.RunContext(3,
                java.nio.file.Path.of(""), listener, 1);
        DiffusionSamples samples = new Ddim(40, 0).sample(SCHEDULE, exact, 10, context);
        assertEquals(40, steps[0]);
        assertEquals(40, steps[1]);
        assertEquals("ddim(steps 40, eta 0)", samples.sampler());
        Thread.currentThread().interrupt();
        try {
            assertThrows(java.util.concurrent.CancellationException.class,
                    () -> new Ddpm(Ddpm.Variance.BETA).sample(SCHEDULE, exact, 10, context));
        } finally {
            Thread.interrupted();
        }
    }
}
