package org.thermogen.runtime.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The default initializers put constrained parameters inside their constraints. */
class InitTest {

    @Test
    void identityOfAStackIsOneIdentityPerMatrix() {
        double[] out = new double[1 + 2 * 3 * 3];
        Init.identity().fill(Shape.of(2, 3, 3), out, 1, new SplittableRandom(1));
        double[] eye = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        for (int k = 0; k < 2; k++) {
            double[] block = java.util.Arrays.copyOfRange(out, 1 + 9 * k, 1 + 9 * (k + 1));
            assertArrayEquals(eye, block, 0.0);
        }
        assertEquals(0.0, out[0], 0.0);
    }

    @Test
    void identityOfAVectorIsOnes() {
        double[] out = new double[3];
        Init.identity().fill(Shape.of(3), out, 0, new SplittableRandom(1));
        assertArrayEquals(new double[] {1, 1, 1}, out, 0.0);
    }

    @Test
    void uniformWeightsLieOnTheSimplex() {
        double[] out = new double[3];
        Init.uniformWeights().fill(Shape.of(3), out, 0, new SplittableRandom(1));
        assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, out, 0.0);
        ModelSpec spec = ModelSpec.builder("M").variable("x", Role.OBSERVED, Domain.REAL, Shape.of(2), false)
                .param("pi", Shape.of(3), Init.uniformWeights(), false, Constraint.SIMPLEX)
                .param("S", Shape.of(3, 2, 2), Init.identity(), false, Constraint.SPD).build();
        assertEquals(null, Constraints.violation(spec, spec.initialParameters(new SplittableRandom(1))));
    }
}
