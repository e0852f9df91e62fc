package org.thermogen.runtime.train;

import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.Model;

/** Moment matching with exact expectations and lr auto on 6 spins. */
class MomentMatchingContractTest extends TrainerContract {
    private final Model model = EnergyTrainerContracts.spins(6);
    private final Dataset data = EnergyTrainerContracts.samples(6, Domain.SPIN, 4);

    @Override
    Trainer trainer() {
        return MomentMatching.builder().epochs(10).build();
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
