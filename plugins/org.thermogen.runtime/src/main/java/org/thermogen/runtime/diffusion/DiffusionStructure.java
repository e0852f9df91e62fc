package org.thermogen.runtime.diffusion;

import java.util.Optional;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.ModelOutline;
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
        ModelOutline.require(refusal(ModelOutline.of(model), who));
        return ((DiffusionStructure) model.structure()).model();
    }

    /** Why {@code who} cannot serve {@code model}: it is not a diffusion model. Empty if it is. */
    public static Optional<String> refusal(ModelOutline model, String who) {
        return model.is(DiffusionStructure.class) ? Optional.empty()
                : Optional.of(who + " samples diffusion models (`diffusion with S denoiser N`); " + model.name() + " is a "
                        + model.description());
    }
}
