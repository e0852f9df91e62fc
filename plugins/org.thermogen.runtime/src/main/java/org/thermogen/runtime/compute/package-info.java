/**
 * The compute layer: the dense kernels the hot paths run on (the networks' layers in float32,
 * EM's scatter matrices in float64),
 * behind one interface ({@link org.thermogen.runtime.compute.DenseKernels}) with a scalar
 * implementation that runs on any Java 17 and a SIMD one on the JDK's Vector API (the
 * separate bundle {@code org.thermogen.runtime.vector}, Java 21 and newer), chosen by
 * {@link org.thermogen.runtime.compute.Backend}.
 *
 * <p>Why float32 SIMD: on the 2-core AVX-512 development machine a 100 x 64 by 64 x 128
 * product runs at 7 GFLOP/s in the runtime's former float64 loops (C2 did not vectorise
 * them) and at 120-135 GFLOP/s in the register-blocked Vector API kernel, 16 float lanes per
 * instruction. Parameters, optimizer state and losses stay float64; only the products and
 * activations inside a network run in float32 (mixed precision).
 *
 * <p>This package depends on nothing else in the runtime.
 */
package org.thermogen.runtime.compute;
