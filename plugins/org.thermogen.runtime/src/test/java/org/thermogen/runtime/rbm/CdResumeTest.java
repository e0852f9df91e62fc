package org.thermogen.runtime.rbm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.run.StoppingRecorder;
import org.thermogen.runtime.run.TrainingState;
import org.thermogen.runtime.testmodels.BipartiteMachine;
import org.thermogen.runtime.train.Schedule;
import org.thermogen.runtime.train.Sgd;
import org.thermogen.runtime.train.Trainer;
import org.thermogen.runtime.train.TrainingResult;

/**
 * CD and PCD stopped after any epoch and continued from the state they reported end with the
 * bits of a run never stopped: parameters, the optimizer's velocity, the persistent chains,
 * the history. With two threads the figures of an epoch are measured while the next trains,
 * so the state is reported late; continuing on one thread checks that nothing of the thread
 * count leaks into the result.
 */
class CdResumeTest {

    private static Dataset data(Domain visible) {
        SplittableRandom r = new SplittableRandom(3);
        double[] v = new double[97 * 6];
        for (int i = 0; i < v.length; i++) {
            v[i] = visible == Domain.REAL ? r.nextGaussian() + 0.3 * (i % 6) : r.nextDouble() < 0.2 + 0.1 * (i % 6) ? 1 : 0;
        }
        return new Dataset("D", 97, 6, v, null);
    }

    private static List<Trainer> trainers() {
        Sgd sgd = Sgd.builder().lr(Schedule.constant(0.01)).momentum(Schedule.constant(0.5)).build();
        return List.of(ContrastiveDivergence.builder().k(2).optimizer(sgd).epochs(6).batch(10).build(),
                PersistentContrastiveDivergence.builder().k(1).chains(7).optimizer(sgd).epochs(6).batch(10).build());
    }

    @Test
    void aRunStoppedAndContinuedEndsWithTheBitsOfOneNeverStopped() {
        for (Domain visible : new Domain[] {Domain.BINARY, Domain.REAL}) {
            BipartiteMachine model = new BipartiteMachine(6, 4, visible, Domain.BINARY);
            Dataset d = data(visible);
            for (Trainer trainer : trainers()) {
                assertTrue(trainer.resumable());
                double[] theta0 = model.spec().initialParameters(new SplittableRandom(1));
                StoppingRecorder whole = new StoppingRecorder(-1);
                TrainingResult once;
                try (RunContext c = new RunContext(5, Path.of(""), whole, 2)) {
                    once = trainer.train(model, theta0, d, c);
                }
                assertEquals(6, whole.states.size(), "a state after every epoch");
                for (int stop : new int[] {1, 3, 5, 6}) {
                    StoppingRecorder first = new StoppingRecorder(stop);
                    try (RunContext c = new RunContext(5, Path.of(""), first, 2)) {
                        assertThrows(CancellationException.class, () -> trainer.train(model, theta0, d, c));
                    }
                    TrainingState saved = first.last();
                    assertEquals(stop, saved.epoch());
                    TrainingResult rest;
                    try (RunContext c = new RunContext(5, Path.of(""), new StoppingRecorder(-1), 1)) {
                        rest = trainer.resume(model, saved, d, c);
                    }
                    String what = trainer.describe() + ", " + visible + ", stopped after epoch " + stop;
                    assertArrayEquals(once.theta(), rest.theta(), what);
                    assertEquals(7, rest.history().size(), what);
                    for (int e = 0; e <= 6; e++) {
                        assertArrayEquals(once.history().rows().get(e), rest.history().rows().get(e), what + ", epoch " + e);
                    }
                }
            }
        }
    }

    /**
     * {@code monitor_every 3} over 7 epochs: the same parameters to the bit as measuring every
     * epoch, on one thread or two; figures at epochs 0, 3, 6 and 7 (equal to those of the
     * every-epoch run), NaN between; a state after every epoch, so a run stopped on an epoch
     * without figures continues to the bits of one never stopped.
     */
    @Test
    void monitoringEveryThirdEpochTrainsTheSameBits() {
        BipartiteMachine model = new BipartiteMachine(6, 4, Domain.BINARY, Domain.BINARY);
        Dataset d = data(Domain.BINARY);
        Sgd sgd = Sgd.builder().lr(Schedule.constant(0.01)).build();
        List<Trainer[]> pairs = List.of(
                new Trainer[] {ContrastiveDivergence.builder().optimizer(sgd).epochs(7).batch(10).build(),
                    ContrastiveDivergence.builder().optimizer(sgd).epochs(7).batch(10).monitorEvery(3).build()},
                new Trainer[] {PersistentContrastiveDivergence.builder().chains(5).optimizer(sgd).epochs(7).batch(10)
                        .build(), PersistentContrastiveDivergence.builder().chains(5).optimizer(sgd).epochs(7).batch(10)
                        .monitorEvery(3).build()});
        for (Trainer[] pair : pairs) {
            assertTrue(pair[1].describe().contains(", monitor_every 3"), pair[1].describe());
            double[] theta0 = model.spec().initialParameters(new SplittableRandom(1));
            TrainingResult every;
            try (RunContext c = new RunContext(5, Path.of(""), new StoppingRecorder(-1), 2)) {
                every = pair[0].train(model, theta0, d, c);
            }
            for (int threads : new int[] {1, 2}) {
                StoppingRecorder heard = new StoppingRecorder(-1);
                TrainingResult sparse;
                try (RunContext c = new RunContext(5, Path.of(""), heard, threads)) {
                    sparse = pair[1].train(model, theta0, d, c);
                }
                String what = pair[1].describe() + ", " + threads + " threads";
                assertArrayEquals(every.theta(), sparse.theta(), what);
                assertEquals(7, heard.states.size(), what + ": a state after every epoch");
                assertEquals(8, sparse.history().size(), what);
                for (int e = 0; e <= 7; e++) {
                    double[] row = sparse.history().rows().get(e);
                    if (e % 3 == 0 || e == 7) {
                        assertArrayEquals(every.history().rows().get(e), row, what + ", epoch " + e);
                    } else {
                        assertTrue(Double.isNaN(row[1]) && Double.isNaN(row[2]), what + ", epoch " + e);
                    }
                }
                assertEquals(every.summary(), sparse.summary(), what);
            }
            StoppingRecorder first = new StoppingRecorder(4);
            try (RunContext c = new RunContext(5, Path.of(""), first, 2)) {
                assertThrows(CancellationException.class, () -> pair[1].train(model, theta0, d, c));
            }
            TrainingResult rest;
            try (RunContext c = new RunContext(5, Path.of(""), new StoppingRecorder(-1), 1)) {
                rest = pair[1].resume(model, first.last(), d, c);
            }
            assertArrayEquals(every.theta(), rest.theta());
        }
        assertEquals("cd needs monitor_every of at least 1, not 0", assertThrows(IllegalArgumentException.class,
                () -> ContrastiveDivergence.builder().monitorEvery(0).build()).getMessage());
    }

    @Test
    void aStateOfAnotherRunIsRefused() {
        BipartiteMachine model = new BipartiteMachine(6, 4, Domain.BINARY, Domain.BINARY);
        Trainer pcd = trainers().get(1);
        double[] theta = model.spec().initialParameters(new SplittableRandom(1));
        List<String> columns = List.of("epoch", "neg_log_pseudo_likelihood", "reconstruction_error");
        List<double[]> history = List.of(new double[] {0, 4, 0.3}, new double[] {1, 4, 0.3});
        try (RunContext c = new RunContext(5, Path.of(""), new StoppingRecorder(-1), 1)) {
            assertEquals("the saved run carries 4 chain values, pcd with 7 chains of 4 hidden units carries 28",
                    assertThrows(IllegalArgumentException.class, () -> pcd.resume(model,
                            new TrainingState(1, theta, theta.clone(), new double[4], columns, history), data(Domain.BINARY),
                            c)).getMessage());
            assertEquals("the saved run stopped after epoch 9, outside the 6 epochs of pcd",
                    assertThrows(IllegalArgumentException.class, () -> pcd.resume(model,
                            new TrainingState(9, theta, theta.clone(), new double[28], columns, history),
                            data(Domain.BINARY), c)).getMessage());
            assertEquals("the saved run has 3 parameters, Rbm6x4 has " + theta.length + ": it was saved from another model",
                    assertThrows(IllegalArgumentException.class, () -> pcd.resume(model,
                            new TrainingState(1, new double[3], theta.clone(), new double[28], columns, history),
                            data(Domain.BINARY), c)).getMessage());
        }
    }
}
