package org.thermogen.runtime.mixture;

import java.util.List;
import java.util.SplittableRandom;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.Offers;
import org.thermogen.runtime.model.Structure;
import org.thermogen.runtime.sample.ExactDraws;

/**
 * A Gaussian mixture {@code p(x) = sum_k pi_k N(x; mu_k, Sigma_k)}, the categorical latent
 * summed out: trained by expectation-maximization ({@link ExpectationMaximization}), sampled
 * ancestrally and evaluated in closed form; {@link MixtureForm} says where {@code pi},
 * {@code mu} and {@code Sigma} sit in theta. The energy is {@code -ln p(x)}, so {@code Z = 1}.
 */
@Offers({MixtureForm.class, ExactDraws.class})
public record MixtureStructure(MixtureForm form) implements Structure, ExactDraws {
    @Override
    public String describe() {
        return "Gaussian mixture of " + form.components() + " components (" + form.covariance().keyword()
                + " covariances), trained by EM";
    }

    /** {@inheritDoc} */
    @Override
    public List<Object> capabilities() {
        return List.of(form, this);
    }

    @Override
    public Draws drawExactly(Model model, double[] theta, int n, SplittableRandom random) {
        return new Draws(GaussianMixture.fromTheta(form, theta).sample(n, random),
                "ancestral: a component, then a point from it");
    }
}
