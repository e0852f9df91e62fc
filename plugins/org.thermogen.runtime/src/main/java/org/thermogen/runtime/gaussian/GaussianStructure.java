package org.thermogen.runtime.gaussian;

import java.util.List;
import java.util.SplittableRandom;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.Offers;
import org.thermogen.runtime.model.Structure;
import org.thermogen.runtime.sample.ExactDraws;

/**
 * {@code E(x) = c * (x - mu)' M (x - mu) + const} with {@code M = inv(Sigma)} or a precision
 * parameter: a Gaussian, with closed-form maximum likelihood through {@link GaussianForm}
 * and exact samples in closed form.
 */
@Offers({GaussianForm.class, ExactDraws.class})
public record GaussianStructure(GaussianForm form) implements Structure, ExactDraws {
    @Override
    public String describe() {
        return "Gaussian energy, closed-form maximum likelihood";
    }

    /** {@inheritDoc} */
    @Override
    public List<Object> capabilities() {
        return List.of(form, this);
    }

    @Override
    public Draws drawExactly(Model model, double[] theta, int n, SplittableRandom random) {
        return new Draws(GaussianEnergies.of(model.requireEnergy("exact"), theta).distribution().sample(n, random), "closed form");
    }
}
