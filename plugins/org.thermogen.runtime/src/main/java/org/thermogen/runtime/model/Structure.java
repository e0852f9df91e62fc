package org.thermogen.runtime.model;

import java.util.List;
import java.util.Optional;

/**
 * The model family the code generator recognized in a model, so the runtime can choose
 * exact or fast algorithms. Each family's structure lives in the family's package and
 * carries what its algorithms need:
 * {@link org.thermogen.runtime.energy.PairwiseStructure} (Boltzmann machines),
 * {@link org.thermogen.runtime.rbm.BipartiteStructure} (restricted Boltzmann machines),
 * {@link org.thermogen.runtime.gaussian.GaussianStructure},
 * {@link org.thermogen.runtime.mixture.MixtureStructure},
 * {@link org.thermogen.runtime.vae.VaeStructure} and
 * {@link org.thermogen.runtime.diffusion.DiffusionStructure}.
 * Anything else is {@link Generic} and is served through {@link EnergyFunction} alone.
 *
 * <p>Algorithms never ask which family a model is: they ask for the capability they work
 * with through {@link Model#capability(Class)}, the way Eclipse asks an {@code IAdaptable}
 * for an adapter. Gibbs sampling asks for a
 * {@link org.thermogen.runtime.energy.PairwiseForm} (local fields), block Gibbs for a
 * {@link org.thermogen.runtime.energy.BipartiteForm}, exact sampling for
 * {@link org.thermogen.runtime.sample.ExactDraws}; a new family gains an algorithm by
 * offering what the algorithm asks for in {@link #capabilities()}, and no algorithm changes.
 * A structure class declares the same types in {@link Offers}, so that a refusal can answer
 * before any model is built ({@link ModelOutline#offers(Class)}).
 */
public interface Structure {

    /** A short phrase for {@code thermogen check --explain} and reports. */
    String describe();

    /**
     * What this structure gives algorithms: the forms that compute natural parameters from
     * theta, the networks, the structure itself for the interfaces it implements (such as
     * {@link org.thermogen.runtime.sample.ExactDraws}). The default offers the structure alone.
     */
    default List<Object> capabilities() {
        return List.of(this);
    }

    /**
     * The first of {@link #capabilities()} that is a {@code type}, if one is.
     *
     * @param type the capability an algorithm works with, e.g. {@code PairwiseForm.class}
     */
    default <C> Optional<C> capability(Class<C> type) {
        for (Object offered : capabilities()) {
            if (type.isInstance(offered)) {
                return Optional.of(type.cast(offered));
            }
        }
        return Optional.empty();
    }

    /** No structure the runtime can exploit. */
    record Generic() implements Structure {
        @Override
        public String describe() {
            return "general energy";
        }
    }
}
