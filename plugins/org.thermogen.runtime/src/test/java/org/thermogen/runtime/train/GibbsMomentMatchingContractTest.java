package org.thermogen.runtime.train;

import org.thermogen.runtime.mcmc.GibbsExpectation;

/** Moment matching with persistent Gibbs chains (sampled moments) and a fixed step on 6 spins. */
class GibbsMomentMatchingContractTest extends SpinTrainerContract {
    GibbsMomentMatchingContractTest() {
        super(5);
    }

    @Override
    Trainer trainer() {
        return MomentMatching.builder().expectation(GibbsExpectation.builder().chains(16).sweeps(20).burnin(10).build())
                .optimizer(GradientDescent.builder().lr(LearningRate.constant(0.1)).build()).epochs(30).build();
    }
}
