package org.thermogen.runtime.train;

import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.testmodels.EnergyOnly;
import org.thermogen.runtime.testmodels.FullyVisible;

/**
 * Moment matching on an energy it knows only as a function (no pairwise form): the exact
 * gradient by enumeration, steps by sgd with momentum. The machine of 6 spins is seen through
 * its energy alone.
 */
class GenericMomentMatchingContractTest extends SpinTrainerContract {
    private final Model generic = new EnergyOnly(new FullyVisible(6, Domain.SPIN));

    GenericMomentMatchingContractTest() {
        super(9);
    }

    @Override
    Trainer trainer() {
        return MomentMatching.builder().optimizer(Sgd.builder().lr(Schedule.constant(0.05))
                .momentum(Schedule.constant(0.5)).build()).epochs(8).build();
    }

    @Override
    Model model() {
        return generic;
    }
}
