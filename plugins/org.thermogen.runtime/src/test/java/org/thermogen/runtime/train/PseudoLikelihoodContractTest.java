package org.thermogen.runtime.train;

/** Maximum pseudo-likelihood with lr auto on 6 spins. */
class PseudoLikelihoodContractTest extends SpinTrainerContract {
    PseudoLikelihoodContractTest() {
        super(6);
    }

    @Override
    Trainer trainer() {
        return PseudoLikelihoodTraining.builder().epochs(10).build();
    }
}
