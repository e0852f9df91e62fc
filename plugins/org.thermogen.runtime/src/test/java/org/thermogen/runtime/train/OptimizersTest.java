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
}
