/**
 * Variational autoencoders with one or more Gaussian latent layers (notes 03 and 04 C):
 * {@link org.thermogen.runtime.vae.VaeSpec architecture}, the {@link org.thermogen.runtime.vae.Vae
 * model} with its ELBO, importance-weighted bound, ancestral samples and reconstructions,
 * {@link org.thermogen.runtime.vae.VaeTraining training} with the runtime's optimizers, the
 * {@link org.thermogen.runtime.vae.DiagonalGaussian Gaussian algebra} (reparameterisation,
 * analytic KL divergences, log densities with gradients) and the
 * {@link org.thermogen.runtime.vae.Likelihood observation models}.
 */
package org.thermogen.runtime.vae;
