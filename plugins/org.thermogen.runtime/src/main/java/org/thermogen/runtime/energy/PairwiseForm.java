package org.thermogen.runtime.energy;


/**
 * The map from parameters {@code theta} to the natural parameters {@code eta = (W, b, c0)}
 * of a pairwise energy, and its adjoint. Generated from the energy expression.
 */
public interface PairwiseForm {

    /** Clears {@code out} and writes {@code eta(theta)} into it. */
    void couplings(double[] theta, PairwiseEnergy out);

    /**
     * Adds {@code scale * (d eta / d theta)^T deta} into {@code grad}, where {@code deta}
     * holds a gradient with respect to the natural parameters ({@link PairwiseEnergy#pair}
     * and {@link PairwiseEnergy#bias} read it).
     */
    void addCouplingsAdjoint(double[] theta, PairwiseEnergy deta, double scale, double[] grad);

    /**
     * True if {@code eta} is affine in {@code theta}: then the Hessian of the KL divergence
     * is {@code A^T Cov(phi) A} with {@code A = d eta / d theta} constant, and the step
     * bound {@code 1 / lambda_max} of the source notes is known.
     */
    boolean affine();
}
