package org.thermogen.runtime.definition;

import java.util.Optional;
import org.thermogen.runtime.model.EnergyFunction;

/**
 * A model defined by its energy: what the generator emits for a {@code model} declaration
 * with an {@code energy} (Boltzmann machines, RBMs, Gaussians, any expression). It is its own
 * {@link EnergyFunction}; mixtures, VAEs and diffusion models extend {@link ModelDefinition}
 * directly and have no energy methods at all.
 *
 * <pre>{@code
 * EnergyModel ising = Ising.DEFINITION;
 * double e = ising.energy(state, ising.spec().initialParameters(new SplittableRandom(1)));
 * }</pre>
 */
public abstract class EnergyModel extends ModelDefinition implements EnergyFunction {

    /** This model itself. */
    @Override
    public final Optional<EnergyFunction> energyFunction() {
        return Optional.of(this);
    }
}
