package org.thermogen.runtime.model;

/**
 * A model as the algorithms see it: its units and parameters ({@link #spec()}), its energy
 * with derivatives, and its {@link Structure}, the family the generator recognized in it.
 * Trainers, samplers and metrics take a {@code Model}; what a {@code .gen} file declares to
 * do with it (train on, sample with, evaluate) is the subclass
 * {@link org.thermogen.runtime.definition.Model}, which generated classes extend.
 *
 * <p>This package is the leaf of the runtime: it names no trainer, sampler, metric or model
 * family, so every algorithm package can depend on it and nothing here depends back.
 */
public abstract class Model implements EnergyFunction {

    /** What the generator recognized; {@link Structure.Generic} unless overridden. */
    public Structure structure() {
        return new Structure.Generic();
    }

    @Override
    public String toString() {
        return spec().name();
    }
}
