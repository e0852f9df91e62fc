package org.thermogen.runtime.model;

/**
 * An energy {@code E(x; theta)} with its derivatives, as emitted by the code generator:
 * the model's distribution is {@code q(x) = exp(-E(x)) / Z}.
 *
 * <p>{@code x} is the full state vector of {@link ModelSpec#variables()} (observed units
 * first, then hidden ones) and {@code theta} the flat parameter vector of
 * {@link ModelSpec#params()}. Implementations are stateless and thread-safe, and never
 * allocate: samplers call them in their inner loops.
 */
public interface EnergyFunction {

    ModelSpec spec();

    /** {@code E(x; theta)}. */
    double energy(double[] x, double[] theta);

    /** Adds {@code scale * dE/dtheta} at {@code (x, theta)} into {@code grad}. */
    void addParameterGradient(double[] x, double[] theta, double scale, double[] grad);

    /**
     * Writes {@code dE/dx} at {@code (x, theta)} into {@code gradX} (overwriting it). For
     * discrete units this is the derivative of the energy's polynomial extension.
     */
    void stateGradient(double[] x, double[] theta, double[] gradX);
}
