package org.thermogen.runtime.train;

import org.junit.jupiter.api.Nested;

/** Maximum pseudo-likelihood with the other step rules: Nesterov's line search and sgd's own fixed step. */
class PseudoLikelihoodStepRulesContractTest {

    @Nested
    class NesterovLineSearch extends SpinTrainerContract {
        NesterovLineSearch() {
            super(7);
        }

        @Override
        Trainer trainer() {
            return PseudoLikelihoodTraining.builder().optimizer(Nesterov.builder().build()).epochs(10).build();
        }
    }

    @Nested
    class SgdWithMomentum extends SpinTrainerContract {
        SgdWithMomentum() {
            super(8);
        }

        @Override
        Trainer trainer() {
            return PseudoLikelihoodTraining.builder().optimizer(Sgd.builder().lr(Schedule.constant(0.05))
                    .momentum(Schedule.constant(0.5)).build()).epochs(10).build();
        }
    }
}
