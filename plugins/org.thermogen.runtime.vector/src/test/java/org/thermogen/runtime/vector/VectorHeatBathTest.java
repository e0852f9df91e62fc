package org.thermogen.runtime.vector;

import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.thermogen.runtime.compute.Backend;
import org.thermogen.runtime.compute.DenseKernels;
import org.thermogen.runtime.compute.HeatBathContract;

/** The Vector API multi-spin heat bath keeps the contract, and it is what the runtime runs. */
class VectorHeatBathTest extends HeatBathContract {
    @Override
    protected DenseKernels kernels() {
        return new VectorBackend().kernels();
    }

    /**
     * The runtime runs the Vector API kernels themselves, not a layer that forwards to them: a
     * kernel such a layer forgot ran the interface's scalar default (the multi-spin heat bath
     * did, unnoticed, until the provider returned the kernels instead of wrapping them).
     */
    @Test
    void theRuntimeRunsTheVectorKernelsThemselves() {
        assertSame(VectorKernels.class, Backend.kernels().getClass());
    }
}
