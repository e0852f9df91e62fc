package org.thermogen.runtime.testmodels;

import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.model.Structure;

/**
 * A model of a family without an energy (a VAE, a diffusion model), as generated classes
 * present one to trainers: its spec and its structure.
 */
public final class FamilyModel extends Model {
    private final ModelSpec spec;
    private final Structure structure;

    public FamilyModel(ModelSpec spec, Structure structure) {
        this.spec = spec;
        this.structure = structure;
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public Structure structure() {
        return structure;
    }
}
