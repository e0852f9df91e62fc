package org.thermogen.runtime.compute;

/**
 * A service that makes SIMD kernels, found by {@link java.util.ServiceLoader} on the class path
 * ({@code META-INF/services/org.thermogen.runtime.compute.KernelsProvider}). The provider class
 * must load on any Java the runtime runs on, so it names no type of an optional module and
 * refuses in its constructor (with an {@link UnsupportedOperationException} saying what to pass)
 * where its kernels cannot run; {@link Backend} then falls back to {@link ScalarKernels}. The
 * kernels it returns are used as they are: every kernel they override runs, with no
 * forwarding layer to keep in step with {@link DenseKernels}.
 */
public interface KernelsProvider {

    /** The kernels, made once per JVM by {@link Backend}. */
    DenseKernels kernels();
}
