/**
 * Neural networks on flat parameter vectors: {@link org.thermogen.runtime.nn.Mlp
 * multi-layer perceptrons} described by an immutable {@link org.thermogen.runtime.nn.MlpSpec}
 * (hidden layers, a single output or named output heads), batched forward and backward
 * passes in preallocated {@link org.thermogen.runtime.nn.Workspace workspaces},
 * {@link org.thermogen.runtime.nn.Initialization Xavier and He initialisation}, and the
 * sinusoidal {@link org.thermogen.runtime.nn.TimeEmbedding time embedding} of diffusion
 * denoisers. Parameters and gradients are slices of the model's parameter vector, so the
 * optimizers of {@code org.thermogen.runtime.train} ({@code Adam}, {@code Sgd}) and
 * {@code GradientClipping} apply unchanged.
 */
package org.thermogen.runtime.nn;
