package org.thermogen.runtime.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Choosing kernels and precision by name. */
class BackendTest {
    @Test
    void precisionKeywordsAndTheirMistakes() {
        assertEquals(Precision.FLOAT32, Precision.of("float32"));
        assertEquals(Precision.FLOAT64, Precision.of(" FLOAT64 "));
        assertEquals("no precision double; use float32 or float64",
                assertThrows(IllegalArgumentException.class, () -> Precision.of("double")).getMessage());
    }

    @Test
    void theRuntimeAloneRunsTheScalarKernels() {
        // This module's tests have no SIMD backend on their class path.
        assertEquals("scalar", Backend.kernels().name());
        assertEquals("scalar (no SIMD backend on the class path)", Backend.describe());
    }
}
