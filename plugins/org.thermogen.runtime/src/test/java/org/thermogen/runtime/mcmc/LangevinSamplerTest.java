package org.thermogen.runtime.mcmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.sample.Samples;
import org.thermogen.runtime.testmodels.FullyVisible;
import org.thermogen.runtime.testmodels.GaussianModel;
import org.thermogen.runtime.train.DivergenceException;

class LangevinSamplerTest {

    private static RunContext context(long seed, int threads) {
        return new RunContext(seed, Path.of(""), ProgressListener.NONE, threads);
    }

    /** Samples every step of every chain: n = chains * steps with thin 1. */
    private static Samples everyStep(GaussianModel model, double[] theta, double step, int chains, int steps,
            boolean adjusted, long seed) {
        LangevinSampler s = LangevinSampler.builder().step(step).steps(steps).burnin(2000).chains(chains).thin(1)
                .adjusted(adjusted).build();
        return s.sample(model, theta, s.defaultCount(), context(seed, 2));
    }

    /**
     * MALA on a 2-D Gaussian with mean (1, -1) and covariance [[1, 0.8], [0.8, 1]]
     * (eigenvalues 1.8 and 0.2). Effective sample size: along an eigenvector of variance
     * lambda a Langevin move is x' = (1 - eps / lambda) x + noise, an AR(1) chain with
     * rho = 1 - eps / lambda, whose integrated autocorrelation time is
     * (1 + rho) / (1 - rho) = 2 lambda / eps - 1; a rejected proposal repeats the state, which
     * at acceptance rate a stretches time by about 1 / a. So tau <= (2 * 1.8 / eps - 1) / a
     * (with eps = 0.1 and a near 0.9, about 40) for the mean, and products of two coordinates,
     * whose autocorrelations are rho^2t, decorrelate at least as fast. From N steps the
     * standard errors are sqrt(Sigma_kk tau / N) for the means and
     * sqrt((Sigma_kk Sigma_ll + Sigma_kl^2) tau / N) for the covariances (Gaussian fourth
     * moments); every estimate must lie within 5 of them (a 5-sigma miss has probability 6e-7).
     * With N = 8e5 that is about 0.035: far below what a wrong sampler gets wrong (ULA with the
     * same step inflates the small variance by 1 / (1 - eps / (2 * 0.2)) = 4/3).
     */
    @Test
    void malaMatchesTheMeanAndCovarianceOfAGaussian() {
        GaussianModel model = new GaussianModel(2);
        double[] mean = {1, -1};
        double[][] cov = {{1, 0.8}, {0.8, 1}};
        double[] theta = {1, -1, 1, 0.8, 0.8, 1};
        double eps = 0.1;
        Samples s = everyStep(model, theta, eps, 4, 200_000, true, 11);
        int n = s.count();
        double[] m = new double[2];
        double[][] c = new double[2][2];
        for (int i = 0; i < n; i++) {
            m[0] += s.get(i, 0) / n;
            m[1] += s.get(i, 1) / n;
        }
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 2; k++) {
                for (int l = 0; l < 2; l++) {
                    c[k][l] += (s.get(i, k) - m[k]) * (s.get(i, l) - m[l]) / n;
                }
            }
        }
        double a = s.diagnostics().get("acceptance_rate");
        assertTrue(a > 0.5 && a < 1, "acceptance " + a);
        double tau = (2 * 1.8 / eps - 1) / a;
        for (int k = 0; k < 2; k++) {
            double se = Math.sqrt(cov[k][k] * tau / n);
            assertEquals(mean[k], m[k], 5 * se, "mean " + k);
            for (int l = 0; l < 2; l++) {
                double seCov = Math.sqrt((cov[k][k] * cov[l][l] + cov[k][l] * cov[k][l]) * tau / n);
                assertEquals(cov[k][l], c[k][l], 5 * seCov, "covariance " + k + "," + l);
            }
        }
    }

    /**
     * ULA on E = x^2 / (2 s^2) is x' = (1 - eps / s^2) x + sqrt(2 eps) xi, an AR(1) chain
     * x' = rho x + sqrt(2 eps) xi with rho = 1 - eps / s^2. Its stationary variance V solves
     * V = rho^2 V + 2 eps, so V = 2 eps / (1 - rho^2) = 2 eps / ((eps / s^2) (2 - eps / s^2))
     * = s^2 / (1 - eps / (2 s^2)): with s = 1, eps = 0.2, V = 1 / 0.9 = 1.111, 11% too wide.
     * The sample second moment of N steps has variance 2 V^2 tau2 / N with
     * tau2 = (1 + rho^2) / (1 - rho^2) = 4.56 (the autocorrelation of x^2 is rho^2t), so with
     * N = 8e5 its standard error is 0.0038 and the bias 29 of them. MALA with the same step
     * keeps the exact variance 1; its rejections (acceptance a) stretch tau2 by about 1 / a.
     * Both must be within 5 standard errors.
     */
    @Test
    void ulaHasItsKnownBiasedVarianceAndMalaRemovesIt() {
        GaussianModel model = new GaussianModel(1);
        double[] theta = {0, 1};
        double eps = 0.2;
        double rho = 1 - eps;
        double tau2 = (1 + rho * rho) / (1 - rho * rho);
        double biased = 1 / (1 - eps / 2);

        Samples ula = everyStep(model, theta, eps, 4, 200_000, false, 12);
        double vUla = secondMoment(ula);
        double seUla = biased * Math.sqrt(2 * tau2 / ula.count());
        assertEquals(biased, vUla, 5 * seUla, "ULA variance");
        assertFalse(ula.diagnostics().containsKey("acceptance_rate"));

        Samples mala = everyStep(model, theta, eps, 4, 200_000, true, 12);
        double vMala = secondMoment(mala);
        double a = mala.diagnostics().get("acceptance_rate");
        double seMala = Math.sqrt(2 * tau2 / a / mala.count());
        assertEquals(1.0, vMala, 5 * seMala, "MALA variance");
        assertTrue(Math.abs(vMala - biased) > 20 * seMala, "MALA must not show ULA's bias");
    }

    private static double secondMoment(Samples s) {
        double v = 0;
        for (int i = 0; i < s.count(); i++) {
            v += s.get(i, 0) * s.get(i, 0) / s.count();
        }
        return v;
    }

    /**
     * MALA on E = (x^2 - 1)^2 against the moments of exp(-E) by Simpson's rule on [-6, 6]
     * (the density there is below exp(-1200); 24 000 intervals give 1e-12 accuracy). The chain
     * hops between the wells at the Kramers rate sqrt(E''(1) |E''(0)|) / (2 pi) exp(-1) =
     * sqrt(8 * 4) / (2 pi) e^-1 = 0.33 per unit time, about every 60 steps of 0.05, so
     * batches of 10 000 steps hold about 160 hops each and their means are nearly
     * independent: the standard error of each moment is estimated from 80 batch means
     * (4 chains of 200 000 steps), and the estimate must lie within 5 of them. The standard
     * errors themselves must be small (below 0.02) for the test to mean anything.
     */
    @Test
    void malaMatchesTheDoubleWellDensity() {
        LangevinModels.DoubleWell model = new LangevinModels.DoubleWell();
        double[] theta = {1.0};
        int chains = 4;
        int steps = 200_000;
        LangevinSampler sampler = LangevinSampler.builder().step(0.05).steps(steps).burnin(2000).chains(chains).thin(1)
                .adjusted(true).build();
        Samples s = sampler.sample(model, theta, chains * steps, context(13, 2));
        int[] powers = {1, 2, 4};
        int batches = 20;
        int perBatch = steps / batches;
        for (int power : powers) {
            double exact = doubleWellMoment(power);
            double[] means = new double[chains * batches];
            double total = 0;
            for (int b = 0; b < means.length; b++) {
                for (int i = b * perBatch; i < (b + 1) * perBatch; i++) {
                    means[b] += Math.pow(s.get(i, 0), power) / perBatch;
                }
                total += means[b] / means.length;
            }
            double spread = 0;
            for (double m : means) {
                spread += (m - total) * (m - total) / (means.length - 1);
            }
            double se = Math.sqrt(spread / means.length);
            assertTrue(se < 0.02, "standard error of <x^" + power + "> is " + se);
            assertEquals(exact, total, 5 * se, "<x^" + power + ">");
        }
        assertEquals(0.0, doubleWellMoment(1), 1e-12);
    }

    /** {@code <x^k>} under exp(-(x^2 - 1)^2) by Simpson's rule. */
    private static double doubleWellMoment(int k) {
        int intervals = 24_000;
        double lo = -6;
        double h = 12.0 / intervals;
        double z = 0;
        double m = 0;
        for (int i = 0; i <= intervals; i++) {
            double x = lo + i * h;
            double w = (i == 0 || i == intervals) ? 1 : (i % 2 == 1 ? 4 : 2);
            double u = x * x - 1;
            double p = Math.exp(-u * u);
            z += w * p;
            m += w * p * Math.pow(x, k);
        }
        return m / z;
    }

    @Test
    void resultsAreDeterministicAndIndependentOfTheThreadCount() {
        GaussianModel model = new GaussianModel(2);
        double[] theta = {1, -1, 1, 0.3, 0.3, 2};
        for (boolean adjusted : new boolean[] {false, true}) {
            LangevinSampler sampler = LangevinSampler.builder().step(0.05).steps(200).burnin(50).chains(3).thin(4)
                    .adjusted(adjusted).build();
            Samples one = sampler.sample(model, theta, 100, context(7, 1));
            Samples two = sampler.sample(model, theta, 100, context(7, 3));
            assertEquals(100, one.count());
            assertEquals(2, one.dimension());
            assertArrayEquals(one.values(), two.values());
            assertEquals(one.diagnostics(), two.diagnostics());
            assertEquals(3.0, one.diagnostics().get("chains"));
            Samples other = sampler.sample(model, theta, 100, context(8, 1));
            assertFalse(java.util.Arrays.equals(one.values(), other.values()));
        }
    }

    @Test
    void settingsDescribeThemselvesInGenSyntax() {
        LangevinSampler s = LangevinSampler.builder().step(0.01).steps(10000).burnin(1000).chains(4).thin(10)
                .adjusted(true).build();
        assertEquals("langevin(step 0.01, steps 10000, burnin 1000, chains 4, thin 10, adjusted)", s.describe());
        assertEquals(4 * 10000 / 10, s.defaultCount());
        LangevinSampler d = LangevinSampler.builder().build();
        assertEquals("langevin(step 0.01, steps 10000, burnin 1000, chains 4, thin 10)", d.describe());
        assertEquals(
                "langevin needs chains, steps and thin of at least 1 and burnin of at least 0",
                assertThrows(IllegalArgumentException.class, () -> LangevinSampler.builder().chains(0).build())
                        .getMessage());
        assertEquals("langevin step must be a positive number, not -0.1",
                assertThrows(IllegalArgumentException.class, () -> LangevinSampler.builder().step(-0.1).build())
                        .getMessage());
    }

    @Test
    void discreteUnitsAreRefused() {
        FullyVisible model = new FullyVisible(3, Domain.SPIN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LangevinSampler.builder().build().sample(model, new double[12], 10, context(1, 1)));
        assertEquals("langevin needs real units, but s of FullyVisible3 is spin: sample it with gibbs or exact",
                e.getMessage());
    }

    /**
     * ULA on x^2 / 2 with eps = 3 multiplies x by 1 - 3 = -2 each step: past 2^1024 (about
     * step 1030) it overflows, and the sampler must stop and say so.
     */
    @Test
    void aTooLargeUnadjustedStepIsReportedAsDivergence() {
        GaussianModel model = new GaussianModel(1);
        LangevinSampler ula = LangevinSampler.builder().step(3).steps(5000).burnin(2000).chains(2).build();
        DivergenceException e = assertThrows(DivergenceException.class,
                () -> ula.sample(model, new double[] {0, 1}, 10, context(1, 1)));
        assertEquals("langevin diverged: chain 0 of Body1 reached non-finite values between steps 0 and 2000;"
                + " lower step (now 3.0) or add adjusted", e.getMessage());
        // MALA rejects the wild proposals instead, and stays put.
        LangevinSampler mala = LangevinSampler.builder().step(3).steps(100).burnin(10).chains(2).adjusted(true).build();
        Samples s = mala.sample(model, new double[] {0, 1}, 10, context(1, 1));
        for (double v : s.values()) {
            assertTrue(Double.isFinite(v));
        }
    }
}
