package org.thermogen.runtime.vae;

import java.util.List;
import java.util.SplittableRandom;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.Offers;
import org.thermogen.runtime.model.Structure;
import org.thermogen.runtime.sample.DecoderMeans;
import org.thermogen.runtime.sample.ExactDraws;

/**
 * A (hierarchical) VAE written as a chain of latents with encoders: no energy; trained by
 * the ELBO ({@link VaeTraining}), evaluated by the importance-weighted bound, sampled
 * ancestrally.
 */
@Offers({Vae.class, ExactDraws.class, DecoderMeans.class})
public record VaeStructure(Vae vae) implements Structure, ExactDraws, DecoderMeans {
    @Override
    public String describe() {
        return vae.spec().depth() == 1 ? "VAE" : vae.spec().depth() + "-level hierarchical VAE";
    }

    /** {@inheritDoc} */
    @Override
    public List<Object> capabilities() {
        return List.of(vae, this);
    }

    @Override
    public Draws drawExactly(Model model, double[] theta, int n, SplittableRandom random) {
        return new Draws(vae.sample(theta, n, random, true),
                "ancestral: z from the top prior down, then x from p(x | z1)");
    }

    @Override
    public Draws drawMeans(Model model, double[] theta, int n, SplittableRandom random) {
        return new Draws(vae.sample(theta, n, random, false),
                "ancestral: z from the top prior down, then the mean of p(x | z1)");
    }
}
