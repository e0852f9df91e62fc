package org.thermogen.runtime.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DiagonalGaussianTest {
    private static final double H = 1e-6;

    @Test
    void klToStandardMatchesHandValues() {
        // mu = [1, -2], logvar = [0, ln 2]: 1/2 [(1 + 1 - 1 - 0) + (4 + 2 - 1 - ln 2)] = 3 - ln(2) / 2
        double[] mu = {1, -2};
        double[] lv = {0, Math.log(2)};
        assertEquals(3 - Math.log(2) / 2, DiagonalGaussian.klToStandard(mu, 0, lv, 0, 2), 1e-15);
        assertEquals(0.0, DiagonalGaussian.klToStandard(new double[3], 0, new double[3], 0, 3), 0);
    }

    @Test
    void klBetweenTwoGaussiansMatchesHandValuesAndTheStandardCase() {
        // KL(N(1, 1) || N(0, 4)) = 1/2 (ln 4 + (1 + 1) / 4 - 1)
        assertEquals(0.5 * (Math.log(4) - 0.5),
                DiagonalGaussian.kl(new double[] {1}, 0, new double[] {0}, 0, new double[] {0}, 0,
                        new double[] {Math.log(4)}, 0, 1), 1e-15);
        double[] mu = {0.3, -1.2, 2};
        double[] lv = {0.5, -0.7, 0.1};
        assertEquals(DiagonalGaussian.klToStandard(mu, 0, lv, 0, 3),
                DiagonalGaussian.kl(mu, 0, lv, 0, new double[3], 0, new double[3], 0, 3), 1e-14);
    }

    /**
     * KL(q || p) = E_q[log q(z) - log p(z)]: the mean of n = 200000 draws, whose standard error
     * is estimated from the same draws; we allow 5 of them.
     */
    @Test
    void analyticKlEqualsAMonteCarloEstimate() {
        double[] mu1 = {0.3, -1.2, 2};
        double[] lv1 = {0.5, -0.7, 0.1};
        double[] mu2 = {-0.4, 0.2, 1.5};
        double[] lv2 = {0.2, 0.4, -0.3};
        double exact = DiagonalGaussian.kl(mu1, 0, lv1, 0, mu2, 0, lv2, 0, 3);
        double exactStd = DiagonalGaussian.klToStandard(mu1, 0, lv1, 0, 3);
        SplittableRandom random = new SplittableRandom(8);
        int n = 200_000;
        double[] eps = new double[3];
        double[] z = new double[3];
        double s = 0;
        double s2 = 0;
        double t = 0;
        double t2 = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                eps[j] = random.nextGaussian();
            }
            DiagonalGaussian.reparameterize(mu1, 0, lv1, 0, eps, 0, z, 0, 3);
            double logQ = DiagonalGaussian.logDensity(z, 0, mu1, 0, lv1, 0, 3);
            double a = logQ - DiagonalGaussian.logDensity(z, 0, mu2, 0, lv2, 0, 3);
            double b = logQ - DiagonalGaussian.logStandardDensity(z, 0, 3);
            s += a;
            s2 += a * a;
            t += b;
            t2 += b * b;
        }
        double mean = s / n;
        double se = Math.sqrt((s2 / n - mean * mean) / n);
        assertEquals(exact, mean, 5 * se, "KL between two Gaussians, standard error " + se);
        double meanStd = t / n;
        double seStd = Math.sqrt((t2 / n - meanStd * meanStd) / n);
        assertEquals(exactStd, meanStd, 5 * seStd, "KL to N(0, I), standard error " + seStd);
    }

    @Test
    void gradientsEqualCentralDifferences() {
        double[] a = {0.3, -1.2, 0.5, -0.7, 0.8, 0.2, -0.4, 0.1, 0.4, -0.3};
        // a = [mu1 (2), lv1 (2), mu2 (2), lv2 (2), z (2)]
        double[] g = new double[10];
        DiagonalGaussian.klGradient(a, 0, a, 2, a, 4, a, 6, 2, 1.0, g, 0, g, 2, g, 4, g, 6);
        for (int i = 0; i < 8; i++) {
            int k = i;
            check(() -> DiagonalGaussian.kl(a, 0, a, 2, a, 4, a, 6, 2), a, k, g[k], "kl d" + k);
        }
        double[] gs = new double[4];
        DiagonalGaussian.klToStandardGradient(a, 0, a, 2, 2, 1.0, gs, 0, gs, 2);
        for (int i = 0; i < 4; i++) {
            check(() -> DiagonalGaussian.klToStandard(a, 0, a, 2, 2), a, i, gs[i], "klToStandard d" + i);
        }
        double[] gd = new double[10];
        DiagonalGaussian.logDensityGradient(a, 8, a, 0, a, 2, 2, 1.0, gd, 8, gd, 0, gd, 2);
        for (int i : new int[] {0, 1, 2, 3, 8, 9}) {
            check(() -> DiagonalGaussian.logDensity(a, 8, a, 0, a, 2, 2), a, i, gd[i], "logDensity d" + i);
        }
    }

    private static void check(java.util.function.DoubleSupplier f, double[] a, int i, double analytic, String what) {
        double keep = a[i];
        a[i] = keep + H;
        double up = f.getAsDouble();
        a[i] = keep - H;
        double down = f.getAsDouble();
        a[i] = keep;
        double fd = (up - down) / (2 * H);
        assertEquals(fd, analytic, 1e-6 * Math.max(Math.abs(fd), 1e-3), what);
    }

    @Test
    void logMeanExpIsStable() {
        assertEquals(1000.0, DiagonalGaussian.logMeanExp(new double[] {1000, 1000}, 0, 2), 0);
        assertEquals(Math.log(2) - 1000, DiagonalGaussian.logMeanExp(new double[] {-1000, -1000 + Math.log(3)}, 0, 2),
                1e-12);
        assertEquals(-7.5, DiagonalGaussian.logMeanExp(new double[] {0, -7.5}, 1, 1), 0);
    }

    @Test
    void bernoulliLogLikelihoodsAreStable() {
        double p = 1 / (1 + Math.exp(-0.7));
        assertEquals(0.3 * Math.log(p) + 0.7 * Math.log(1 - p), Likelihood.bernoulliFromLogit(0.3, 0.7), 1e-15);
        assertEquals(0.3 * Math.log(p) + 0.7 * Math.log(1 - p), Likelihood.bernoulliFromProbability(0.3, p), 1e-15);
        // log(1 - sigmoid(800)) = -800 - log(1 + e^-800): the probability form would give -inf
        assertEquals(-800.0, Likelihood.bernoulliFromLogit(0, 800), 0);
        assertEquals(-800.0, Likelihood.bernoulliFromLogit(1, -800), 0);
        assertEquals(Math.log(1e-12), Likelihood.bernoulliFromProbability(1, 0), 1e-12);
    }
}
