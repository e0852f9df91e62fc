package org.thermogen.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ConstraintsTest {
    private static final ModelSpec SPEC = ModelSpec.builder("M")
            .param("pi", Shape.of(2), Init.zeros(), false, Constraint.SIMPLEX)
            .param("S", Shape.of(2, 2, 2), Init.zeros(), false, Constraint.SPD)
            .param("v", Shape.of(1), Init.zeros(), false, Constraint.POSITIVE)
            .build();

    /** pi = (0.3, 0.7), S = two identity matrices, v = 2: inside every constraint. */
    private static double[] good() {
        return new double[] {0.3, 0.7, 1, 0, 0, 1, 1, 0, 0, 1, 2};
    }

    @Test
    void valuesInsideTheirConstraintsPass() {
        assertNull(Constraints.violation(SPEC, good()));
    }

    @Test
    void eachConstraintNamesWhatBreaksIt() {
        double[] t = good();
        t[1] = 0.6;
        assertEquals("pi sums to 0.8999999999999999, not 1", Constraints.violation(SPEC, t));
        t = good();
        t[0] = -0.1;
        t[1] = 1.1;
        assertEquals("pi holds the negative weight -0.1", Constraints.violation(SPEC, t));
        t = good();
        t[7] = 3;  // second slice: [[1, 3], [0, 1]]
        assertEquals("S is not symmetric (3.0 and 0.0)", Constraints.violation(SPEC, t));
        t = good();
        t[7] = 3;
        t[8] = 3;  // second slice [[1, 3], [3, 1]]: symmetric, eigenvalues 4 and -2
        assertEquals("S is not positive definite", Constraints.violation(SPEC, t));
        t = good();
        t[10] = 0;
        assertEquals("v holds 0.0, not positive", Constraints.violation(SPEC, t));
        t = good();
        t[2] = Double.NaN;
        assertEquals("S holds NaN", Constraints.violation(SPEC, t));
    }
}
