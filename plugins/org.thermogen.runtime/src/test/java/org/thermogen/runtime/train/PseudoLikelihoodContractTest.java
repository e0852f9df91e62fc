package org.thermogen.runtime.train;

import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.Model;

/** Maximum pseudo-likelihood with lr auto on 6 spins. */
class PseudoLikelihoodContractTest extends TrainerContract {
    private final Model model = EnergyTrainerContracts.spins(6);
    private final Dataset data = EnergyTrainerContracts.samples(6, Domain.SPIN, 6);

    @Override
    Trainer trainer() {
        return PseudoLikelihoodTraining.builder().epochs(10).build();
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
