/**
 * What each model family adds to a job's outputs: the couplings of a Boltzmann machine
 * beside the machine that made its data, a mixture's component ellipses on its samples, a
 * VAE's reconstructions, a diffusion model's denoising steps and training snapshots. The job
 * asks {@link org.thermogen.run.family.FamilyOutputs#of} once for its model's family and
 * calls the same four hooks for every model; no class tests what a model is. A new family
 * adds its class here and one line to the table in {@code FamilyOutputs}.
 */
package org.thermogen.run.family;
