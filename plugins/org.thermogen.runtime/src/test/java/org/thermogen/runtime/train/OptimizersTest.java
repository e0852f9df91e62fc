package org.thermogen.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.thermogen.runtime.model.Init;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.model.Shape;

class OptimizersTest {
    private static final ModelSpec SPEC = ModelSpec.builder("M")
            .param("W", Shape.of(1, 1), Init.zeros(), false)
            .param("b", Shape.of(1), Init.zeros(), false)
            .build();

    @Test
    void sgdWithMomentumFollowsItsRecurrence() {
        Updater u = Sgd.builder().lr(Schedule.constant(0.1)).momentum(Schedule.constant(0.5)).weightDecay(0.2).build()
                .start(SPEC);
        double[] theta = {1.0, 1.0};
        u.step(theta, new double[] {2.0, 2.0}, 0);
        // W: v = -0.1 * (2 + 0.2 * 1) = -0.22; b has no weight decay: v = -0.2
        assertEquals(0.78, theta[0], 1e-15);
        assertEquals(0.8, theta[1], 1e-15);
        u.step(theta, new double[] {2.0, 2.0}, 0);
        // W: v = 0.5 * -0.22 - 0.1 * (2 + 0.2 * 0.78) = -0.3256
        assertEquals(0.78 - 0.3256, theta[0], 1e-15);
        assertEquals(0.8 - 0.3, theta[1], 1e-15);
    }

    @Test
    void schedulesMoveLinearly() {
        Schedule s = Schedule.ramp(0.5, 0.9);
        assertEquals(0.5, s.at(0), 0);
        assertEquals(0.7, s.at(0.5), 1e-15);
        assertEquals(0.9, s.at(1), 0);
        assertEquals(0.9, s.at(2), 0);
        assertEquals("0.5 -> 0.9", s.describe());
    }

    @Test
    void adamFirstStepIsTheLearningRateAgainstTheGradientSign() {
        Updater u = Adam.builder().lr(Schedule.constant(0.01)).build().start(SPEC);
        double[] theta = {0.0, 0.0};
        u.step(theta, new double[] {3.0, -0.002}, 0);
        // Bias-corrected moments give m / sqrt(v) = sign(g) on the first step.
        assertEquals(-0.01, theta[0], 1e-9);
        assertEquals(0.01, theta[1], 1e-6);
    }

    /** f(x) = (x1^2 + 100 x2^2) / 2, the gradient (x1, 100 x2): condition number 100. */
    private static double descend(Updater u, int steps) {
        double[] x = {1.0, 1.0};
        for (int k = 0; k < steps; k++) {
            u.step(x, new double[] {x[0], 100 * x[1]}, (double) k / steps);
        }
        return (x[0] * x[0] + 100 * x[1] * x[1]) / 2;
    }

    @Test
    void nesterovAcceleratesWhereSgdWouldCrawl() {
        ModelSpec two = ModelSpec.builder("Q").param("x", Shape.of(2), Init.zeros(), false).build();
        double lr = 0.01;  // 1/L
        double plain = descend(Sgd.builder().lr(Schedule.constant(lr)).build().start(two), 100);
        double nesterov = descend(Nesterov.builder().lr(LearningRate.constant(lr)).build().start(two), 100);
        // Plain descent shrinks x1 by 0.99 a step: f = 0.5 * 0.99^200 = 0.067 after 100 steps.
        assertEquals(0.5 * Math.pow(0.99, 200), plain, 1e-12);
        // Accelerated (with gradient restarts) it is orders of magnitude lower.
        org.junit.jupiter.api.Assertions.assertTrue(nesterov < plain * 1e-3, "nesterov " + nesterov + ", plain " + plain);
    }

    @Test
    void nesterovTakesAPlainStepFirstThenExtrapolates() {
        ModelSpec one = ModelSpec.builder("Q").param("x", Shape.of(1), Init.zeros(), false).build();
        Updater u = Nesterov.builder().lr(LearningRate.constant(0.1)).build().start(one);
        double[] x = {1.0};
        u.step(x, new double[] {x[0]}, 0);  // f = x^2 / 2: x_1 = 1 - 0.1 = 0.9, no momentum yet
        assertEquals(0.9, x[0], 1e-15);
        u.step(x, new double[] {x[0]}, 0);  // x_2 = 0.81, beta = (t1 - 1) / t2 with t1 = (1 + sqrt 5) / 2
        double t1 = (1 + Math.sqrt(5)) / 2;
        double t2 = (1 + Math.sqrt(1 + 4 * t1 * t1)) / 2;
        assertEquals(0.81 + (t1 - 1) / t2 * (0.81 - 0.9), x[0], 1e-15);
    }
}
