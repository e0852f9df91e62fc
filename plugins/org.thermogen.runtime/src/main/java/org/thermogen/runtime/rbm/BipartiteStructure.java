package org.thermogen.runtime.rbm;

import java.util.List;
import java.util.SplittableRandom;
import org.thermogen.runtime.energy.BipartiteEnergy;
import org.thermogen.runtime.energy.BipartiteForm;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.Offers;
import org.thermogen.runtime.model.Structure;
import org.thermogen.runtime.sample.ExactDraws;

/**
 * A restricted Boltzmann machine: the energy couples each visible (observed) unit only to
 * hidden units, {@code E = c0 + a.v^2 - b.v - c.h - v'Wh}, so each layer is independent given
 * the other (notes 01, (4.6), (4.7)); the natural parameters are computed from {@code theta}
 * by {@link BipartiteForm}. Visible units are binary, spin or real (Gaussian-Bernoulli);
 * hidden units binary or spin. Sampled exactly by enumerating its smaller layer.
 */
@Offers({BipartiteForm.class, ExactDraws.class})
public record BipartiteStructure(BipartiteForm form) implements Structure, ExactDraws {
    @Override
    public String describe() {
        return "bipartite energy (restricted Boltzmann machine)";
    }

    /** {@inheritDoc} */
    @Override
    public List<Object> capabilities() {
        return List.of(form, this);
    }

    @Override
    public Draws drawExactly(Model model, double[] theta, int n, SplittableRandom random) {
        BipartiteEnergy eta = RbmModel.energy(model, theta);
        return new Draws(ExactPartition.sample(eta, n, random), "enumeration of " + ExactPartition.enumerated(eta));
    }
}
