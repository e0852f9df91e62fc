package org.thermogen.runtime.compute;

/** The scalar kernels keep the contract. */
class ScalarKernelsTest extends DenseKernelsContract {
    @Override
    protected DenseKernels kernels() {
        return ScalarKernels.INSTANCE;
    }
}
