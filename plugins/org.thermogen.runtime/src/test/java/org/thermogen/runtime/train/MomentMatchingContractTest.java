package org.thermogen.runtime.train;

/** Moment matching with exact expectations and lr auto on 6 spins. */
class MomentMatchingContractTest extends SpinTrainerContract {
    MomentMatchingContractTest() {
        super(4);
    }

    @Override
    Trainer trainer() {
        return MomentMatching.builder().epochs(10).build();
    }
}
