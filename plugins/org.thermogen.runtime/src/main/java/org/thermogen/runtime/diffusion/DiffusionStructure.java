package org.thermogen.runtime.diffusion;

import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.Structure;

/**
 * A diffusion model ({@code diffusion with S denoiser N}): its schedule and denoising
 * network, whose parameters are the whole of theta.
 */
public record DiffusionStructure(DiffusionModel model) implements Structure {
    @Override
    public String describe() {
        return "diffusion model with " + model.schedule().describe() + " and denoiser "
                + model.network().spec().describe();
    }

    /**
     * The diffusion model of {@code model}.
     *
     * @param who what needs it, for the message: {@code "ddpm(steps 1000)"}, {@code "bits_per_dim"}
     * @throws IllegalArgumentException if {@code model} is not a diffusion model
     */
    public static DiffusionModel of(Model model, String who) {
        if (model.structure() instanceof DiffusionStructure d) {
            return d.model();
        }
        throw new IllegalArgumentException(who + " samples diffusion models (`diffusion with S denoiser N`); "
                + model.spec().name() + " is a " + model.structure().describe());
    }
}
