package org.thermogen.runtime.train;

import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.rbm.ContrastiveDivergence;
import org.thermogen.runtime.testmodels.BipartiteMachine;
import org.thermogen.runtime.testmodels.FullyVisible;

/** CD-1 on an RBM of 6 binary visible and 3 hidden units (PCD has its own subclass). */
class ContrastiveDivergenceContractTest extends TrainerContract {
    private final Model model = new BipartiteMachine(6, 3, Domain.BINARY, Domain.BINARY);
    private final Dataset data = SpinTrainerContract.samples(6, Domain.BINARY, 7);

    @Override
    Trainer trainer() {
        return ContrastiveDivergence.builder().epochs(5).batch(20)
                .optimizer(Sgd.builder().lr(Schedule.constant(0.1)).build()).build();
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
        return new FullyVisible(4, Domain.SPIN);
    }
}
