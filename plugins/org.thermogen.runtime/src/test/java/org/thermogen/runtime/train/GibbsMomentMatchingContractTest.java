package org.thermogen.runtime.train;

import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.mcmc.GibbsExpectation;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.Model;

/** Moment matching with persistent Gibbs chains (sampled moments) and a fixed step on 6 spins. */
class GibbsMomentMatchingContractTest extends TrainerContract {
    private final Model model = EnergyTrainerContracts.spins(6);
    private final Dataset data = EnergyTrainerContracts.samples(6, Domain.SPIN, 5);

    @Override
    Trainer trainer() {
        return MomentMatching.builder().expectation(GibbsExpectation.builder().chains(16).sweeps(20).burnin(10).build())
                .optimizer(GradientDescent.builder().lr(LearningRate.constant(0.1)).build()).epochs(30).build();
    }

    @Override
    Model model() {
        return model;
    }

    @Override
    Dataset data() {
        return data;
    }

    @Override
    Model refused() {
        return EnergyTrainerContracts.gaussian();
    }
}
