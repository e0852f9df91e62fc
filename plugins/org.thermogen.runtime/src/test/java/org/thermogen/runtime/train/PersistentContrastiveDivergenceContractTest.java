package org.thermogen.runtime.train;

import org.thermogen.runtime.rbm.PersistentContrastiveDivergence;

/**
 * The trainer contract for PCD, on CD's model and data. A class of its own: as a nested
 * class of {@link ContrastiveDivergenceContractTest} Surefire skipped it (its default
 * excludes {@code *$*}), so it had never run.
 */
class PersistentContrastiveDivergenceContractTest extends ContrastiveDivergenceContractTest {
    @Override
    Trainer trainer() {
        return PersistentContrastiveDivergence.builder().epochs(5).batch(20).chains(20)
                .optimizer(Sgd.builder().lr(Schedule.constant(0.1)).build()).build();
    }
}
