package org.thermogen.runtime.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ForwardProcessTest {

    /**
     * N = 40 000 chains of x_0 = 1.5 noised to t = 60 of linear(1e-4, 0.02, 100), once in
     * closed form and once by 60 single steps. Exact: mean sqrt(abar) 1.5, variance 1 - abar.
     * Each estimate is within 4 standard errors of the exact value (mean: sqrt(v / N);
     * variance: v sqrt(2 / (N - 1)), Gaussian), and the two differ by less than 4 sqrt(2) of them.
     */
    @Test
    void closedFormAndIteratedChainAgree() {
        NoiseSchedule schedule = NoiseSchedule.linear(1e-4, 0.02, 100);
        ForwardProcess q = new ForwardProcess(schedule);
        int n = 40_000;
        int t = 60;
        SplittableRandom random = new SplittableRandom(20260101L);
        double[] x0 = {1.5};
        double[] x = new double[1];
        double[] noise = new double[1];
        double[] closed = new double[n];
        double[] chain = new double[n];
        double noiseSum = 0;
        for (int i = 0; i < n; i++) {
            q.marginal(x0, t, 1, random, noise, x);
            closed[i] = x[0];
            noiseSum += noise[0];
            assertEquals(schedule.sqrtAlphaBar(t) * 1.5 + schedule.sqrtOneMinusAlphaBar(t) * noise[0], x[0], 1e-15);
            x[0] = 1.5;
            for (int s = 1; s <= t; s++) {
                q.step(x, s, 1, random, x);
            }
            chain[i] = x[0];
        }
        double mean = schedule.sqrtAlphaBar(t) * 1.5;
        double variance = 1 - schedule.alphaBar(t);
        double seMean = Math.sqrt(variance / n);
        double seVariance = variance * Math.sqrt(2.0 / (n - 1));
        assertEquals(mean, mean(closed), 4 * seMean);
        assertEquals(mean, mean(chain), 4 * seMean);
        assertEquals(variance, variance(closed), 4 * seVariance);
        assertEquals(variance, variance(chain), 4 * seVariance);
        assertEquals(mean(closed), mean(chain), 4 * Math.sqrt(2) * seMean);
        assertEquals(variance(closed), variance(chain), 4 * Math.sqrt(2) * seVariance);
        assertEquals(0, noiseSum / n, 4 / Math.sqrt(n));
    }

    /**
     * q(x_{t-1} | x_t, x_0) is proportional to N(x_t; sqrt(alpha_t) x_{t-1}, beta_t)
     * N(x_{t-1}; sqrt(abar_{t-1}) x_0, 1 - abar_{t-1}): precisions add, and the mean is the
     * precision-weighted mean of x_t / sqrt(alpha_t) and sqrt(abar_{t-1}) x_0.
     */
    @Test
    void posteriorIsTheGaussianProduct() {
        for (NoiseSchedule schedule : new NoiseSchedule[] {NoiseSchedule.linear(1000), NoiseSchedule.cosine(200)}) {
            ForwardProcess q = new ForwardProcess(schedule);
            double[] x0 = {0.7, -1.2};
            double[] xt = {0.3, 2.5};
            double[] out = new double[2];
            for (int t = 2; t <= schedule.steps(); t += 7) {
                double alpha = schedule.alpha(t);
                double beta = schedule.beta(t);
                double abarPrev = schedule.alphaBar(t - 1);
                double precisionStep = alpha / beta;
                double precisionPrior = 1 / (1 - abarPrev);
                double variance = 1 / (precisionStep + precisionPrior);
                assertEquals(variance, q.posteriorVariance(t), 1e-12 * variance, "t = " + t);
                q.posteriorMean(x0, xt, t, 2, out);
                for (int i = 0; i < 2; i++) {
                    double mean = variance * (precisionStep * xt[i] / Math.sqrt(alpha)
                            + precisionPrior * Math.sqrt(abarPrev) * x0[i]);
                    assertEquals(mean, out[i], 1e-12 * (1 + Math.abs(mean)), "t = " + t);
                }
            }
            // At t = 1 the posterior is the point x_0.
            q.posteriorMean(x0, xt, 1, 2, out);
            assertEquals(0.7, out[0], 1e-12);
            assertEquals(0.0, q.posteriorVariance(1), 0.0);
            assertTrue(schedule.posteriorVariance(schedule.steps()) < schedule.beta(schedule.steps()));
        }
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double variance(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return s / (v.length - 1);
    }
}
