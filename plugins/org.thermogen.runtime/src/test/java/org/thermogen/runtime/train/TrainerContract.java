package org.thermogen.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.ModelOutline;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.run.StoppingRecorder;
import org.thermogen.runtime.run.TrainingState;

/**
 * What every trainer promises, run against each one: it lowers its loss on data from a known
 * model, the same seed gives the same parameters, the number of threads does not change
 * them, a run stopped after an epoch and continued ends with the bits of one never stopped (or
 * the trainer says it cannot continue), and a model it cannot serve is refused with an
 * {@code IllegalArgumentException} in the words of its {@code refusal}.
 */
abstract class TrainerContract {

    /** The trainer under test, with a few epochs. */
    abstract Trainer trainer();

    /** A small model it serves. */
    abstract Model model();

    /** Training data for {@link #model()}. */
    abstract Dataset data();

    /** A model it cannot serve, with data of its width. */
    abstract Model refused();

    /** Where training starts: the model's declared initial values. */
    double[] start(Model m) {
        return m.spec().initialParameters(new SplittableRandom(3));
    }

    private TrainingResult train(long seed, int threads) {
        try (RunContext context = new RunContext(seed, Path.of(""), ProgressListener.NONE, threads)) {
            return trainer().train(model(), start(model()), data(), context);
        }
    }

    @Test
    void lowersItsLoss() {
        MetricsHistory h = train(2, 1).history();
        String loss = h.lossColumn();
        double[] values = h.column(loss);
        double first = values[0];
        double last = values[values.length - 1];
        assertTrue(last < first, trainer().describe() + ": " + loss + " went from " + first + " to " + last);
    }

    @Test
    void theSameSeedGivesTheSameParameters() {
        assertArrayEquals(train(5, 1).theta(), train(5, 1).theta(), 0.0, trainer().describe());
    }

    @Test
    void theNumberOfThreadsDoesNotChangeTheParameters() {
        assertArrayEquals(train(5, 1).theta(), train(5, 2).theta(), 0.0, trainer().describe());
    }

    @Test
    void aRunStoppedAndContinuedEndsWithTheBitsOfOneNeverStopped() {
        StoppingRecorder whole = new StoppingRecorder(-1);
        TrainingResult once;
        try (RunContext context = new RunContext(5, Path.of(""), whole, 2)) {
            once = trainer().train(model(), start(model()), data(), context);
        }
        if (!trainer().resumable()) {
            TrainingState start = new TrainingState(0, start(model()), new double[0], new double[0], List.of(), List.of());
            assertThrows(UnsupportedOperationException.class, () -> {
                try (RunContext context = new RunContext(5, Path.of(""), ProgressListener.NONE, 1)) {
                    trainer().resume(model(), start, data(), context);
                }
            });
            return;
        }
        int epochs = whole.states.size();
        assertTrue(epochs >= 2, trainer().describe() + " reported " + epochs + " states");
        int stop = (epochs + 1) / 2;
        StoppingRecorder first = new StoppingRecorder(stop);
        try (RunContext context = new RunContext(5, Path.of(""), first, 2)) {
            assertThrows(CancellationException.class, () -> trainer().train(model(), start(model()), data(), context));
        }
        assertEquals(stop, first.last().epoch());
        TrainingResult rest;
        try (RunContext context = new RunContext(5, Path.of(""), ProgressListener.NONE, 1)) {
            rest = trainer().resume(model(), first.last(), data(), context);
        }
        assertArrayEquals(once.theta(), rest.theta(), 0.0, trainer().describe() + ", stopped after epoch " + stop);
        assertEquals(once.summary(), rest.summary(), "the summary of the whole run");
        assertEquals(once.history().size(), rest.history().size());
        for (int e = 0; e < once.history().size(); e++) {
            assertArrayEquals(once.history().rows().get(e), rest.history().rows().get(e), 0.0, "history row " + e);
        }
    }

    /** A state saved from another model is refused in the words every trainer shares ({@link TrainingState#requireOf}). */
    @Test
    void aStateOfAnotherModelIsRefusedInOneSentence() {
        if (!trainer().resumable()) {
            return;
        }
        TrainingState other = new TrainingState(1, new double[3], new double[0], new double[0], List.of(), List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            try (RunContext context = new RunContext(5, Path.of(""), ProgressListener.NONE, 1)) {
                trainer().resume(model(), other, data(), context);
            }
        });
        assertEquals("the saved run has 3 parameters, " + model().spec().name() + " has " + model().spec().paramSize()
                + ": it was saved from another model", e.getMessage());
    }

    /**
     * A trainer that measures held-out rows gives the same figure for the same parameters
     * (epochs are compared on equal terms), and a lower one after training: measured here on
     * rows of the training data, where training must lower its loss.
     */
    @Test
    void measuresHeldOutRowsDeterministicallyOrSaysItCannot() {
        try (RunContext context = new RunContext(5, Path.of(""), ProgressListener.NONE, 2)) {
            if (!trainer().measuresHeldOut()) {
                assertThrows(UnsupportedOperationException.class, () -> trainer().heldOutLoss(model(), data(), context));
                return;
            }
            HeldOutLoss loss = trainer().heldOutLoss(model(), data(), context);
            double[] start = start(model());
            double before = loss.at(start);
            assertTrue(Double.isFinite(before), trainer().describe() + ": " + before);
            assertEquals(before, loss.at(start.clone()), 0.0, "the same parameters, the same figure");
            double after = loss.at(trainer().train(model(), start, data(), context).theta());
            assertTrue(after < before, trainer().describe() + ": held-out loss " + before + " -> " + after);
        }
    }

    @Test
    void refusesAModelItCannotServeInTheWordsOfItsRefusal() {
        Model other = refused();
        Optional<String> refusal = trainer().refusal(ModelOutline.of(other));
        int width = other.spec().observedSize();
        Dataset rows = new Dataset("R", 4, width, new double[4 * width], null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            try (RunContext context = new RunContext(1, Path.of(""), ProgressListener.NONE, 1)) {
                trainer().train(other, start(other), rows, context);
            }
        });
        refusal.ifPresent(m -> assertEquals(m, e.getMessage()));
    }
}
