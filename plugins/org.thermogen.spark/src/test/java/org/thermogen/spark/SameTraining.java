package org.thermogen.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.thermogen.runtime.train.TrainingResult;

/** What the data-parallel training tests ask of a run on partitions against one on this machine. */
final class SameTraining {
    private SameTraining() {
    }

    /**
     * Every parameter of {@code there} within 1e-9 relative of {@code here}, every epoch's
     * figure in history column {@code loss} within 1e-10, and {@code again} (a second run on the
     * same partitioning) equal to {@code there} to the bit.
     */
    static void assertFollows(TrainingResult here, TrainingResult there, TrainingResult again, int loss, String what) {
        double worst = 0;
        for (int i = 0; i < here.theta().length; i++) {
            double a = here.theta()[i];
            worst = Math.max(worst, Math.abs(a - there.theta()[i]) / Math.max(1, Math.abs(a)));
        }
        assertTrue(worst < 1e-9, what + ": parameters differ by " + worst);
        assertEquals(here.history().size(), there.history().size(), what);
        for (int e = 0; e < here.history().size(); e++) {
            double a = here.history().rows().get(e)[loss];
            assertEquals(a, there.history().rows().get(e)[loss], 1e-10 * Math.abs(a), what + ", epoch " + (e + 1));
        }
        assertArrayEquals(there.theta(), again.theta(), what + ": the same partitioning, the same bits");
    }
}
