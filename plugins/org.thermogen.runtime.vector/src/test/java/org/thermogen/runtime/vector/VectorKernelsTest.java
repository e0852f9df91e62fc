package org.thermogen.runtime.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.thermogen.runtime.compute.Backend;
import org.thermogen.runtime.compute.DenseKernels;
import org.thermogen.runtime.compute.DenseKernelsContract;

/** The Vector API kernels keep the contract, and the runtime picks them when they are on the class path. */
class VectorKernelsTest extends DenseKernelsContract {
    @Override
    protected DenseKernels kernels() {
        return new VectorBackend().kernels();
    }

    @Test
    void theRuntimeChoosesThemByDefault() {
        assertEquals("vector", Backend.kernels().name());
        assertEquals("vector", Backend.describe());
    }
}
