package org.thermogen.runtime.data;

import org.ejml.data.DMatrixRMaj;
import org.thermogen.runtime.energy.PairwiseEnergy;

/** The distribution a synthetic dataset was drawn from, for exact comparisons. */
public sealed interface GroundTruth {

    /** Exact samples of this Boltzmann machine. */
    record Boltzmann(PairwiseEnergy energy) implements GroundTruth {
    }

    /** Samples of this multivariate normal. */
    record Gaussian(double[] mean, DMatrixRMaj covariance) implements GroundTruth {
    }
}
