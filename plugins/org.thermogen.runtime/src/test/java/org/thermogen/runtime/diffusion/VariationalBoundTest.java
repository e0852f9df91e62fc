package org.thermogen.runtime.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The variational bound of a diffusion model against its closed forms. */
class VariationalBoundTest {
    private static final NoiseSchedule SCHEDULE = NoiseSchedule.linear(1e-4, 0.1, 50);

    @Test
    void theNormalDistributionFunctionMatchesPublishedValues() {
        // Phi(0), Phi(-1), Phi(1.96), Phi(-5) and Phi(-10) (Abramowitz and Stegun, table 26.1; -10 from R's pnorm).
        assertEquals(Math.log(0.5), VariationalBound.logNormalCdf(0), 1e-15);
        assertEquals(Math.log(0.15865525393145707), VariationalBound.logNormalCdf(-1), 1e-13);
        assertEquals(Math.log(0.9750021048517795), VariationalBound.logNormalCdf(1.96), 1e-13);
        assertEquals(Math.log(2.866515718791939e-7), VariationalBound.logNormalCdf(-5), 1e-10);
        assertEquals(Math.log(7.619853024160527e-24), VariationalBound.logNormalCdf(-10), 1e-10);
        // The two methods meet at z = -3 sqrt(2) without a jump.
        double z = -3 * Math.sqrt(2);
        assertEquals(VariationalBound.logNormalCdf(z - 1e-9), VariationalBound.logNormalCdf(z + 1e-9), 1e-7);
    }

    @Test
    void gaussianKlHasItsClosedForm() {
        assertEquals(0, VariationalBound.klGaussian(0.3, 2, 0.3, 2), 1e-15);
        // KL(N(0, 1) || N(1, 2)) = (ln 2 + (1 + 1) / 2 - 1) / 2 = ln(2) / 2.
        assertEquals(Math.log(2) / 2, VariationalBound.klGaussian(0, 1, 1, 2), 1e-15);
    }

    /**
     * Data that is one point c and the exact denoiser (it always predicts x0 = c): every
     * diffusion term's means agree, so the bound has a closed form with no Monte Carlo error.
     */
    @Test
    void aPointAndItsExactDenoiserGiveTheClosedFormBound() {
        double[] c = {-1, 1, 1, -1};
        for (Ddpm.Variance variance : Ddpm.Variance.values()) {
            VariationalBound bound = new VariationalBound(SCHEDULE, variance, 2);
            double[] out = new double[3];
            bound.terms(new GaussianDenoiser(SCHEDULE, c, 0, Prediction.EPSILON), c, 1, new SplittableRandom(1), out);

            int steps = SCHEDULE.steps();
            double abar = SCHEDULE.alphaBar(steps);
            double prior = 0;
            for (double x : c) {
                prior += 0.5 * (-Math.log(1 - abar) + (1 - abar) + abar * x * x - 1);
            }
            double diffusion = 0;
            for (int t = 2; t <= steps; t++) {
                double post = SCHEDULE.posteriorVariance(t);
                double sigma2 = variance == Ddpm.Variance.BETA ? SCHEDULE.beta(t) : post;
                diffusion += c.length * 0.5 * (Math.log(sigma2 / post) + post / sigma2 - 1);
            }
            // Two levels: the bin of +1 is [0, inf), of -1 (-inf, 0]; the decoder sits on the point.
            double sigma1 = Math.sqrt(variance == Ddpm.Variance.BETA ? SCHEDULE.beta(1) : SCHEDULE.posteriorVariance(2));
            double decoder = -c.length * VariationalBound.logNormalCdf(1 / sigma1);

            assertEquals(prior, out[0], 1e-12, variance + " prior");
            assertEquals(diffusion, out[1], 1e-9, variance + " diffusion");
            assertEquals(decoder, out[2], 1e-12, variance + " decoder");
            if (variance == Ddpm.Variance.POSTERIOR) {
                assertEquals(0, out[1], 1e-12, "with the posterior variance the exact denoiser's steps cost nothing");
            }
        }
    }

    /** A denoiser that is off by delta at every step pays c1_t^2 delta^2 / (2 sigma_t^2) per coordinate and step. */
    @Test
    void aWrongDenoiserPaysItsSquaredErrorAtEveryStep() {
        double[] c = {1, -1, 1};
        double delta = 0.25;
        double[] wrong = {c[0] + delta, c[1] + delta, c[2] + delta};
        VariationalBound bound = new VariationalBound(SCHEDULE, Ddpm.Variance.BETA, 2);
        double[] exact = new double[3];
        double[] off = new double[3];
        bound.terms(new GaussianDenoiser(SCHEDULE, c, 0, Prediction.X0), c, 1, new SplittableRandom(3), exact);
        bound.terms(new GaussianDenoiser(SCHEDULE, wrong, 0, Prediction.V), c, 1, new SplittableRandom(3), off);
        double extra = 0;
        for (int t = 2; t <= SCHEDULE.steps(); t++) {
            double c1 = SCHEDULE.posteriorMeanCoefX0(t);
            extra += c.length * 0.5 * c1 * c1 * delta * delta / SCHEDULE.beta(t);
        }
        assertEquals(exact[0], off[0], 1e-15);
        assertEquals(exact[1] + extra, off[1], 1e-9);
        // The decoder is centred delta off the point: +1 moves away from its bin's edge at 0, -1 towards it.
        double sigma = Math.sqrt(SCHEDULE.beta(1));
        double expected = -(2 * VariationalBound.logNormalCdf((1 - delta) / sigma)
                + VariationalBound.logNormalCdf((1 + delta) / sigma));
        assertEquals(expected, off[2], 1e-12);
    }

    @Test
    void middleBinsIntegrateTheDecoderBetweenTheirEdges() {
        VariationalBound bound = new VariationalBound(SCHEDULE, Ddpm.Variance.BETA, 5);
        // Levels -1, -0.5, 0, 0.5, 1: the bin of 0 is [-0.25, 0.25]; of 1, [0.75, inf).
        double p = Math.exp(VariationalBound.logNormalCdf(0.25 / 0.1)) - Math.exp(VariationalBound.logNormalCdf(-0.25 / 0.1));
        assertEquals(Math.log(p), bound.logBin(0, 0, 0.1), 1e-12);
        assertEquals(VariationalBound.logNormalCdf(-(0.75 - 0.9) / 0.2), bound.logBin(1, 0.9, 0.2), 1e-12);
        // Far in the upper tail the probability is tiny but its log is finite and exact.
        assertEquals(VariationalBound.logNormalCdf(-(0.25 + 3) / 0.1) + Math.log1p(-Math.exp(
                VariationalBound.logNormalCdf(-(0.75 + 3) / 0.1) - VariationalBound.logNormalCdf(-(0.25 + 3) / 0.1))),
                bound.logBin(0.5, -3, 0.1), 1e-9);
        assertTrue(Double.isFinite(bound.logBin(0.5, -3, 0.1)));
    }

    @Test
    void bitsPerDimensionDividesByCoordinatesAndLn2() {
        assertEquals(1, VariationalBound.bitsPerDimension(64 * Math.log(2), 64), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> new VariationalBound(SCHEDULE, Ddpm.Variance.BETA, 1));
    }
}
