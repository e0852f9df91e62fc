package org.thermogen.runtime.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Every schedule against its published formula, computed here independently of
 * {@link NoiseSchedule}, to 1e-12; hand-checked values; validation messages.
 */
class NoiseScheduleTest {
    private static final double TOL = 1e-12;

    @Test
    void linearIsHoEtAlsSchedule() {
        NoiseSchedule s = NoiseSchedule.linear(1e-4, 0.02, 1000);
        double[] beta = new double[1000];
        for (int i = 0; i < 1000; i++) {
            beta[i] = 1e-4 + (0.02 - 1e-4) * i / 999.0;
        }
        assertArrayEquals(beta, s.betas(), TOL);
        assertEquals(1e-4, s.beta(1), 0.0);
        assertEquals(0.02, s.beta(1000), 0.0);
        assertEquals(1e-4, s.betas()[0], 0.0);
        assertEquals(0.02, s.betas()[999], 0.0);
        assertDerived(s, beta);
        // Hand-checked: abar_1 = 1 - 1e-4; abar_1000 = 4.0358e-5 (product of 0.9999 .. 0.98).
        assertEquals(0.9999, s.alphaBar(1), TOL);
        assertEquals(4.035829765375676e-05, s.alphaBar(1000), 1e-15);
        assertEquals(0.07858724288177824, s.alphaBar(500), TOL);
        assertEquals("linear(beta_start 1e-4, beta_end 0.02, steps 1000)", s.describe());
    }

    @Test
    void scaledLinearSquaresEvenlySpacedRoots() {
        NoiseSchedule s = NoiseSchedule.scaledLinear(0.00085, 0.012, 1000);
        double[] beta = new double[1000];
        for (int i = 0; i < 1000; i++) {
            double r = Math.sqrt(0.00085) + (Math.sqrt(0.012) - Math.sqrt(0.00085)) * i / 999.0;
            beta[i] = r * r;
        }
        assertArrayEquals(beta, s.betas(), TOL);
        assertEquals(0.00085, s.beta(1), TOL);
        assertEquals(0.012, s.beta(1000), TOL);
        assertDerived(s, beta);
    }

    @Test
    void quadraticIsTheQuadScheduleOfHoEtAlsCode() {
        NoiseSchedule q = NoiseSchedule.quadratic(1e-4, 0.02, 50);
        double[] beta = new double[50];
        for (int i = 0; i < 50; i++) {
            double r = 0.01 + (Math.sqrt(0.02) - 0.01) * i / 49.0;
            beta[i] = r * r;
        }
        assertArrayEquals(beta, q.betas(), TOL);
        assertArrayEquals(NoiseSchedule.scaledLinear(1e-4, 0.02, 50).betas(), q.betas(), 0.0);
        assertDerived(q, beta);
    }

    @Test
    void cosineIsSquaredcosCapV2() {
        int steps = 1000;
        NoiseSchedule s = NoiseSchedule.cosine(steps);
        double[] beta = new double[steps];
        for (int i = 0; i < steps; i++) {
            double next = Math.pow(Math.cos(((i + 1.0) / steps + 0.008) / 1.008 * Math.PI / 2), 2);
            double here = Math.pow(Math.cos((i / (double) steps + 0.008) / 1.008 * Math.PI / 2), 2);
            beta[i] = Math.min(1 - next / here, 0.999);
        }
        assertArrayEquals(beta, s.betas(), TOL);
        assertDerived(s, beta);
        // abar_t = f(t/T) / f(0) while no beta is capped; the last is capped at 0.999.
        double f0 = Math.pow(Math.cos(0.008 / 1.008 * Math.PI / 2), 2);
        for (int t : new int[] {1, 10, 250, 500, 900, 999}) {
            double f = Math.pow(Math.cos((t / 1000.0 + 0.008) / 1.008 * Math.PI / 2), 2);
            assertEquals(f / f0, s.alphaBar(t), TOL, "t = " + t);
        }
        // Hand-checked: cos(0.508/1.008 pi/2)^2 / cos(0.008/1.008 pi/2)^2 and the quarter point.
        assertEquals(0.49384359044063775, s.alphaBar(500), TOL);
        assertEquals(0.8470121613269047, s.alphaBar(250), TOL);
        assertEquals(4.128422482196914e-05, s.beta(1), TOL);
        assertEquals(0.999, s.beta(1000), 0.0);
        assertEquals("cosine(s 0.008, max_beta 0.999, steps 1000)", s.describe());
    }

    @Test
    void sigmoidSpansMinusSixToSix() {
        NoiseSchedule s = NoiseSchedule.sigmoid(1e-4, 0.02, 101);
        double[] beta = new double[101];
        for (int i = 0; i < 101; i++) {
            double u = -6 + 12.0 * i / 100;
            beta[i] = 1e-4 + (0.02 - 1e-4) / (1 + Math.exp(-u));
        }
        assertArrayEquals(beta, s.betas(), TOL);
        assertDerived(s, beta);
        // Hand-checked: the middle step sits at sigmoid(0) = 1/2; the ends at sigmoid(-+6).
        assertEquals((1e-4 + 0.02) / 2, s.beta(51), TOL);
        assertEquals(1e-4 + 0.0199 * 0.0024726231566347743, s.beta(1), TOL);
    }

    @Test
    void userFunctionsOfStepAndOfTime() {
        NoiseSchedule byStep = NoiseSchedule.ofStep("0.001 * t", 20, t -> 0.001 * t);
        NoiseSchedule byTime = NoiseSchedule.ofTime("0.02 * u", 20, u -> 0.02 * u);
        double[] beta = new double[20];
        for (int i = 0; i < 20; i++) {
            beta[i] = 0.001 * (i + 1);
        }
        assertArrayEquals(beta, byStep.betas(), TOL);
        assertArrayEquals(beta, byTime.betas(), TOL);
        assertDerived(byStep, beta);
        assertEquals("beta(t) = 0.001 * t, steps 20", byStep.describe());
    }

    @Test
    void posteriorLogVarianceIsClippedAtTheFirstStep() {
        NoiseSchedule s = NoiseSchedule.linear(1000);
        assertEquals(0.0, s.posteriorVariance(1), 0.0);
        double[] log = s.posteriorLogVariancesClipped();
        assertEquals(Math.log(s.posteriorVariance(2)), log[0], TOL);
        assertEquals(Math.log(s.posteriorVariance(2)), log[1], TOL);
        // Hand-checked: (1 - 0.9999) / (1 - abar_2) beta_2.
        assertEquals(5.4531876613021935e-05, s.posteriorVariance(2), 1e-16);
        assertEquals(Math.log(1e-4), NoiseSchedule.linear(1e-4, 0.02, 1).posteriorLogVariancesClipped()[0], TOL);
    }

    @Test
    void zeroOrOneBetaNamesTheStepAndValue() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> NoiseSchedule.linear(0, 0.02, 10));
        assertEquals("linear(beta_start 0, beta_end 0.02, steps 10): beta at step t = 1 is 0.0,"
                + " but every beta must satisfy 0 < beta < 1", zero.getMessage());
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
                () -> NoiseSchedule.linear(0.5, 1, 10));
        assertTrue(one.getMessage().contains("beta at step t = 10 is 1.0"), one.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> NoiseSchedule.ofStep("log(t - 3)", 5, t -> Math.log(t - 3)));
        assertTrue(nan.getMessage().contains("beta(t) = log(t - 3), steps 5: beta at step t = 1 is NaN"),
                nan.getMessage());
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> NoiseSchedule.cosine(0.008, 1.0, 10));
        assertEquals("cosine: max_beta must satisfy 0 < max_beta < 1, not 1.0", big.getMessage());
    }

    @Test
    void stepsMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NoiseSchedule.cosine(0));
        assertEquals("cosine: a schedule needs steps >= 1, not 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NoiseSchedule.ofBetas());
        assertThrows(IllegalArgumentException.class, () -> NoiseSchedule.scaledLinear(-1e-4, 0.02, 10));
    }

    @Test
    void alphaBarMustDecreaseStrictly() {
        // 1 - 1e-17 rounds to 1: the schedule would add no noise at step 2.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NoiseSchedule.ofBetas(0.1, 1e-17, 0.1));
        assertTrue(e.getMessage().contains("alpha_bar must decrease strictly and stay above 0, but at step t = 2"),
                e.getMessage());
    }

    @Test
    void timestepsOutsideTheScheduleAreRefused() {
        NoiseSchedule s = NoiseSchedule.linear(10);
        assertEquals(1.0, s.alphaBar(0), 0.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.beta(11));
        assertEquals("timestep 11 is outside 1 .. 10 of linear(beta_start 1e-4, beta_end 0.02, steps 10)",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.beta(0));
    }

    /** The derived arrays from their definitions, computed here from {@code beta}. */
    private static void assertDerived(NoiseSchedule s, double[] beta) {
        int n = beta.length;
        double[] alpha = new double[n];
        double[] abar = new double[n];
        double[] variance = new double[n];
        double[] c0 = new double[n];
        double[] ct = new double[n];
        double product = 1;
        for (int i = 0; i < n; i++) {
            alpha[i] = 1 - beta[i];
            double before = product;
            product *= alpha[i];
            abar[i] = product;
            variance[i] = (1 - before) / (1 - product) * beta[i];
            c0[i] = beta[i] * Math.sqrt(before) / (1 - product);
            ct[i] = (1 - before) * Math.sqrt(alpha[i]) / (1 - product);
        }
        assertArrayEquals(alpha, s.alphas(), TOL);
        assertArrayEquals(abar, s.alphaBars(), TOL);
        for (int i = 0; i < n; i++) {
            assertEquals(Math.sqrt(abar[i]), s.sqrtAlphaBars()[i], TOL);
            assertEquals(Math.sqrt(1 - abar[i]), s.sqrtOneMinusAlphaBars()[i], TOL);
            assertEquals(variance[i], s.posteriorVariances()[i], TOL);
            assertEquals(c0[i], s.posteriorMeanCoefsX0()[i], TOL);
            assertEquals(ct[i], s.posteriorMeanCoefsXt()[i], TOL);
            if (i > 0) {
                assertTrue(s.alphaBars()[i] < s.alphaBars()[i - 1]);
            }
        }
    }
}
