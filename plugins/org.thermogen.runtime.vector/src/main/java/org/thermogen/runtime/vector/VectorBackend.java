package org.thermogen.runtime.vector;

import org.thermogen.runtime.compute.DenseKernels;
import org.thermogen.runtime.compute.KernelsProvider;

/**
 * The service provider of the Vector API kernels. It names no Vector API type itself, so it
 * loads on any Java 21; without the incubator module in the boot layer it refuses in words
 * that say what to pass, and {@link org.thermogen.runtime.compute.Backend} falls back to
 * the scalar kernels.
 */
public final class VectorBackend implements KernelsProvider {

    /**
     * @throws UnsupportedOperationException if the JVM was started without
     *                                       {@code --add-modules jdk.incubator.vector}
     */
    public VectorBackend() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            throw new UnsupportedOperationException("the Vector API needs Java started with --add-modules"
                    + " jdk.incubator.vector");
        }
    }

    /** The Vector API kernels themselves: loaded only now, after the module was found. */
    @Override
    public DenseKernels kernels() {
        return new VectorKernels();
    }
}
