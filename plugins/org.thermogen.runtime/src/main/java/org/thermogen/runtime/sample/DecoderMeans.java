package org.thermogen.runtime.sample;

import java.util.SplittableRandom;
import org.thermogen.runtime.model.Model;

/**
 * A latent model's capability to give the mean of {@code p(x | z)} at latents drawn
 * exactly ({@code sample with exact(means)}): what its pictures usually show, pixel
 * probabilities rather than noisy pixels. A VAE offers it.
 */
public interface DecoderMeans {

    /** {@code n} rows of the mean of {@code p(x | z)}, {@code z} drawn from the prior at {@code theta}. */
    ExactDraws.Draws drawMeans(Model model, double[] theta, int n, SplittableRandom random);
}
