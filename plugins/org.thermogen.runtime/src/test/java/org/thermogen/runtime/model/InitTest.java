package org.thermogen.runtime.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /**
     * {@code init normal(0, s)} on a {@code symmetric} matrix means what it says of every
     * entry: off the diagonal the 19 900 distinct entries of a 200 x 200 matrix have standard
     * deviation s (their estimate's error is about s / 200 here; averaging the two halves, as
     * before, gave s / sqrt(2) = 0.354 for s = 0.5), and the matrix is symmetric.
     */
    @Test
    void aRandomSymmetricMatrixKeepsTheSpreadItsInitSays() {
        int n = 200;
        ModelSpec spec = ModelSpec.builder("M").variable("s", Role.VISIBLE, Domain.SPIN, Shape.of(n), false)
                .param("J", Shape.of(n, n), Init.normal(0, 0.5), false, Constraint.SYMMETRIC).build();
        double[] theta = spec.initialParameters(new SplittableRandom(7));
        double sum = 0;
        double sumSq = 0;
        int count = 0;
        for (int k = 0; k < n; k++) {
            for (int l = k + 1; l < n; l++) {
                assertEquals(theta[k * n + l], theta[l * n + k], 0.0);
                sum += theta[k * n + l];
                sumSq += theta[k * n + l] * theta[k * n + l];
                count++;
            }
        }
        double mean = sum / count;
        assertEquals(0.5, Math.sqrt(sumSq / count - mean * mean), 0.01);
    }

    /**
     * {@code init normal(0, 1, seed 7) fixed}: a random matrix that is the same in every run,
     * whatever the run's seed (a spin glass's fixed couplings); without a seed, the run's.
     */
    @Test
    void aSeededRandomInitIsTheSameWhateverTheRunsSeed() {
        ModelSpec seeded = ModelSpec.builder("M").variable("s", Role.VISIBLE, Domain.SPIN, Shape.of(4), false)
                .param("J", Shape.of(4, 4), Init.normal(0, 1, 7), true, Constraint.SYMMETRIC)
                .param("h", Shape.of(4), Init.uniform(-1, 1, 8), false).build();
        double[] a = seeded.initialParameters(new SplittableRandom(1));
        double[] b = seeded.initialParameters(new SplittableRandom(2));
        assertArrayEquals(a, b, 0.0);
        ModelSpec plain = ModelSpec.builder("M").variable("s", Role.VISIBLE, Domain.SPIN, Shape.of(4), false)
                .param("J", Shape.of(4, 4), Init.normal(0, 1), true, Constraint.SYMMETRIC).build();
        double[] c = plain.initialParameters(new SplittableRandom(1));
        double[] d = plain.initialParameters(new SplittableRandom(2));
        assertTrue(c[1] != d[1], "without a seed of its own, the run's seed decides");
    }
}

