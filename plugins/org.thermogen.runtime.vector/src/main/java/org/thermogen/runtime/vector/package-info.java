/**
 * The runtime's dense float32 kernels on the JDK's Vector API: a
 * {@link org.thermogen.runtime.compute.KernelsProvider} service
 * ({@link org.thermogen.runtime.vector.VectorBackend}) that
 * {@link org.thermogen.runtime.compute.Backend} finds on the class path. Java 21 or newer,
 * started with {@code --add-modules jdk.incubator.vector}.
 */
package org.thermogen.runtime.vector;
