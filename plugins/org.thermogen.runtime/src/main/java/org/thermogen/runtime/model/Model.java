package org.thermogen.runtime.model;

import java.util.Optional;

/**
 * A model as the algorithms see it: its units and parameters ({@link #spec()}), its
 * {@link Structure}, the family the generator recognized in it, and, for the models defined
 * by an energy, that energy with its derivatives ({@link #energyFunction()}). Trainers,
 * samplers and metrics take a {@code Model}; what a {@code .gen} file declares to do with it
 * (train on, sample with, evaluate) is the subclass
 * {@link org.thermogen.runtime.definition.ModelDefinition}, which generated classes extend.
 *
 * <p>Mixtures, VAEs and diffusion models are defined by their latent hierarchy, not by an
 * energy: their classes carry no energy methods at all, and the algorithms that serve them
 * read their structure. An energy model's class implements {@link EnergyFunction} and
 * returns itself from {@link #energyFunction()}:
 *
 * <pre>{@code
 * final class Ising extends ModelDefinition implements EnergyFunction {
 *     public Optional<EnergyFunction> energyFunction() { return Optional.of(this); }
 *     public double energy(double[] x, double[] theta) { ... }
 *     ...
 * }
 * }</pre>
 *
 * <p>This package is the leaf of the runtime: it names no trainer, sampler, metric or model
 * family, so every algorithm package can depend on it and nothing here depends back.
 */
public abstract class Model {

    /** The model's units and parameters. */
    public abstract ModelSpec spec();

    /** What the generator recognized; {@link Structure.Generic} unless overridden. */
    public Structure structure() {
        return new Structure.Generic();
    }

    /** The energy that defines this model, if one does; empty for mixtures, VAEs and diffusion models. */
    public Optional<EnergyFunction> energyFunction() {
        return Optional.empty();
    }

    /**
     * The energy an algorithm for energy models needs. The algorithm's {@code refusal} has
     * refused every model without one before it runs, so this failing is a bug of the caller.
     *
     * @param method the algorithm, for the message
     * @throws IllegalArgumentException if this model has no energy
     */
    public final EnergyFunction requireEnergy(String method) {
        return energyFunction().orElseThrow(() -> new IllegalArgumentException(
                method + " needs a model defined by an energy; " + this + " is a " + structure().describe()));
    }

    /**
     * What the model's structure offers as {@code type}, if it does: an algorithm's way of
     * asking for what it works with instead of which family the model is.
     *
     * <pre>{@code
     * Optional<PairwiseForm> pairwise = model.capability(PairwiseForm.class);
     * }</pre>
     *
     * @see Structure#capabilities()
     */
    public final <C> Optional<C> capability(Class<C> type) {
        return structure().capability(type);
    }

    /**
     * The capability an algorithm cannot work without. Its {@code refusal} has refused every
     * model without one before it runs, so this failing is a bug of the caller.
     *
     * @param type   the capability, e.g. {@code Vae.class}
     * @param method the algorithm, for the message
     * @throws IllegalArgumentException if the structure does not offer {@code type}
     */
    public final <C> C requireCapability(Class<C> type, String method) {
        return capability(type).orElseThrow(() -> new IllegalArgumentException(
                method + " needs a " + type.getSimpleName() + "; " + this + " is a " + structure().describe()));
    }

    @Override
    public String toString() {
        return spec().name();
    }
}
