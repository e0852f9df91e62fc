package org.thermogen.runtime.model;

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
 * <p>An algorithm that serves several families asks for a capability rather than a family
 * (for example {@link org.thermogen.runtime.sample.ExactDraws}), so a new family gains the
 * algorithm by implementing it.
 */
public interface Structure {

    /** A short phrase for {@code thermogen check --explain} and reports. */
    String describe();

    /** No structure the runtime can exploit. */
    record Generic() implements Structure {
        @Override
        public String describe() {
            return "general energy";
        }
    }
}
