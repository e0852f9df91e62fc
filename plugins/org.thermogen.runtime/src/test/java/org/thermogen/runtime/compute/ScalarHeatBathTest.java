package org.thermogen.runtime.compute;

/** The scalar multi-spin heat bath keeps the contract. */
class ScalarHeatBathTest extends HeatBathContract {
    @Override
    protected DenseKernels kernels() {
        return ScalarKernels.INSTANCE;
    }
}
