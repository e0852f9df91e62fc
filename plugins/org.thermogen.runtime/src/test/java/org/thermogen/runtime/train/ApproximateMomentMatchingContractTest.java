package org.thermogen.runtime.train;

import org.junit.jupiter.api.Nested;
import org.thermogen.runtime.mcmc.Ladder;
import org.thermogen.runtime.mcmc.ParallelTempering;

/**
 * Moment matching on moments that are not exact: mean field and TAP (a warm start carried
 * between epochs), replica exchange (replicas, their temperatures and the swap parity), and
 * Gibbs chains with lr auto (whose step reads the recorded states' covariance). Each carries
 * what it needs in a saved run, which the contract's stop-and-continue checks to the bit.
 */
class ApproximateMomentMatchingContractTest {

    @Nested
    class MeanField extends SpinTrainerContract {
        MeanField() {
            super(11);
        }

        @Override
        Trainer trainer() {
            return MomentMatching.builder().expectation(MeanFieldExpectation.builder().build())
                    .optimizer(GradientDescent.builder().lr(LearningRate.constant(0.1)).build()).epochs(12).build();
        }
    }

    @Nested
    class Tap extends SpinTrainerContract {
        Tap() {
            super(12);
        }

        @Override
        Trainer trainer() {
            return MomentMatching.builder().expectation(TapExpectation.builder().build())
                    .optimizer(Nesterov.builder().lr(LearningRate.constant(0.1)).build()).epochs(12).build();
        }
    }

    @Nested
    class ReplicaExchange extends SpinTrainerContract {
        ReplicaExchange() {
            super(13);
        }

        @Override
        Trainer trainer() {
            return MomentMatching.builder().expectation(ParallelTempering.builder().temperatures(Ladder.geometric(1, 3, 4))
                    .sweeps(20).burnin(10).build())
                    .optimizer(GradientDescent.builder().lr(LearningRate.constant(0.1)).build()).epochs(12).build();
        }
    }

    @Nested
    class GibbsWithTheEigenvalueStep extends SpinTrainerContract {
        GibbsWithTheEigenvalueStep() {
            super(14);
        }

        @Override
        Trainer trainer() {
            return MomentMatching.builder().expectation(org.thermogen.runtime.mcmc.GibbsExpectation.builder().chains(8)
                    .sweeps(20).burnin(10).build()).epochs(12).build();
        }
    }
}
