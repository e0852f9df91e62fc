package org.thermogen.runtime.vector;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.compute.DenseKernels;
import org.thermogen.runtime.compute.HeatBathContract;

/** The Vector API multi-spin heat bath keeps the contract, and the provider forwards every kernel to it. */
class VectorHeatBathTest extends HeatBathContract {
    @Override
    protected DenseKernels kernels() {
        return new VectorBackend();
    }

    /**
     * A kernel the provider does not forward silently runs the interface's scalar default: the
     * multi-spin heat bath did until this test.
     */
    @Test
    void theProviderForwardsEveryKernel() throws Exception {
        List<String> missing = new ArrayList<>();
        for (Method m : DenseKernels.class.getMethods()) {
            if (m.isDefault() && VectorKernels.class.getMethod(m.getName(), m.getParameterTypes()).getDeclaringClass()
                    == VectorKernels.class) {
                Method forwarded = VectorBackend.class.getMethod(m.getName(), m.getParameterTypes());
                if (forwarded.getDeclaringClass() != VectorBackend.class) {
                    missing.add(m.toString());
                }
            }
        }
        assertTrue(missing.isEmpty(), "VectorBackend does not forward " + missing);
    }
}
