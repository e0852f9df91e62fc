package org.thermogen.runtime.model;

/**
 * What the code generator recognized in an energy, so the runtime can choose exact or
 * fast algorithms: closed-form maximum likelihood for Gaussians, local-field Gibbs
 * sampling and Gray-code enumeration for pairwise energies on binary or spin units,
 * expectation-maximization for Gaussian mixtures.
 * Anything else is {@link Generic} and is served through {@link EnergyFunction} alone.
 */
public sealed interface Structure {

    /** A short phrase for {@code thermogen check --explain} and reports. */
    String describe();

    /** No structure the runtime can exploit. */
    record Generic() implements Structure {
        @Override
        public String describe() {
            return "general energy";
        }
    }

    /**
     * {@code E(s) = c0 - sum_k b_k s_k - sum_{k<l} W_kl s_k s_l} on binary or spin units
     * (a Boltzmann machine), with the natural parameters {@code W, b, c0} computed from
     * {@code theta} by {@link PairwiseForm}.
     */
    record Pairwise(PairwiseForm form) implements Structure {
        @Override
        public String describe() {
            return form.affine()
                    ? "pairwise energy (Boltzmann machine), couplings linear in the parameters"
                    : "pairwise energy (Boltzmann machine)";
        }
    }

    /**
     * A restricted Boltzmann machine: the energy couples each visible (observed) unit only
     * to hidden units, {@code E = c0 + a.v^2 - b.v - c.h - v'Wh}, so each layer is
     * independent given the other (notes 01, (4.6), (4.7)); the natural parameters are
     * computed from {@code theta} by {@link BipartiteForm}. Visible units are binary, spin
     * or real (Gaussian-Bernoulli); hidden units binary or spin.
     */
    record Bipartite(BipartiteForm form) implements Structure {
        @Override
        public String describe() {
            return "bipartite energy (restricted Boltzmann machine)";
        }
    }

    /**
     * {@code E(x) = c * (x - mu)' M (x - mu) + const} with {@code M = inv(Sigma)} or a
     * precision parameter: a Gaussian with closed-form maximum likelihood.
     */
    record Gaussian(GaussianForm form) implements Structure {
        @Override
        public String describe() {
            return "Gaussian energy, closed-form maximum likelihood";
        }
    }

    /**
     * A Gaussian mixture {@code p(x) = sum_k pi_k N(x; mu_k, Sigma_k)}, the categorical latent
     * summed out: trained by expectation-maximization
     * ({@link org.thermogen.runtime.mixture.ExpectationMaximization}), sampled ancestrally and
     * evaluated in closed form; {@link MixtureForm} says where {@code pi}, {@code mu} and
     * {@code Sigma} sit in theta. The energy is {@code -ln p(x)}, so {@code Z = 1}.
     */
    record Mixture(MixtureForm form) implements Structure {
        @Override
        public String describe() {
            return "Gaussian mixture of " + form.components() + " components (" + form.covariance().keyword()
                    + " covariances), trained by EM";
        }
    }

    /**
     * A diffusion model ({@code diffusion with S denoiser N}): its schedule and denoising
     * network, whose parameters are the whole of theta.
     */
    record Diffusion(org.thermogen.runtime.diffusion.DiffusionModel model) implements Structure {
        @Override
        public String describe() {
            return "diffusion model with " + model.schedule().describe() + " and denoiser " + model.network().spec().describe();
        }
    }

    /**
     * A (hierarchical) VAE written as a chain of latents with encoders: no energy; trained by
     * the ELBO, evaluated by the importance-weighted bound, sampled ancestrally.
     */
    record Vae(org.thermogen.runtime.vae.Vae vae) implements Structure {
        @Override
        public String describe() {
            return vae.spec().depth() == 1 ? "VAE" : vae.spec().depth() + "-level hierarchical VAE";
        }
    }
}
