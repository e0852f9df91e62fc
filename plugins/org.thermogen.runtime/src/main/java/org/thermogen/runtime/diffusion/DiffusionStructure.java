package org.thermogen.runtime.diffusion;

import java.util.List;
import org.thermogen.runtime.model.Offers;
import org.thermogen.runtime.model.Structure;

/**
 * A diffusion model ({@code diffusion with S denoiser N}): its schedule and denoising
 * network, whose parameters are the whole of theta.
 */
@Offers({DiffusionModel.class})
public record DiffusionStructure(DiffusionModel model) implements Structure {
    @Override
    public String describe() {
        return "diffusion model with " + model.schedule().describe() + " and denoiser "
                + model.network().spec().describe();
    }

    /** {@inheritDoc} */
    @Override
    public List<Object> capabilities() {
        return List.of(model);
    }
}
