package org.thermogen.runtime.energy;


/**
 * The map from parameters {@code theta} to the natural parameters of a restricted
 * Boltzmann machine ({@link BipartiteEnergy}), and its adjoint. Generated from a bipartite
 * energy such as {@code -(v' * W * h) - b . v - c . h}.
 */
public interface BipartiteForm {

    /** Clears {@code out} and writes the natural parameters at {@code theta}. */
    void couplings(double[] theta, BipartiteEnergy out);

    /**
     * Adds {@code scale * (d eta / d theta)^T deta} into {@code grad}; {@code deta} holds a
     * gradient with respect to the natural parameters, read back with
     * {@link BipartiteEnergy#pair}, {@code visible}, {@code hidden}, {@code quadratic},
     * {@code hiddenQuadratic} and {@code constant}.
     */
    void addCouplingsAdjoint(double[] theta, BipartiteEnergy deta, double scale, double[] grad);

    /** True if the natural parameters are affine in {@code theta}. */
    boolean affine();
}
