package org.thermogen.runtime.vae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.compute.Precision;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.nn.Activation;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.run.StoppingRecorder;
import org.thermogen.runtime.run.TrainingState;
import org.thermogen.runtime.testmodels.FamilyModel;
import org.thermogen.runtime.train.Adam;
import org.thermogen.runtime.train.HeldOutLoss;
import org.thermogen.runtime.train.Schedule;
import org.thermogen.runtime.train.TrainingResult;

/**
 * A VAE training stopped after any epoch and continued from the state it reported ends with
 * the bits of a run never stopped: parameters, the optimizer's moments, the history.
 */
class VaeResumeTest {

    private static Dataset data() {
        SplittableRandom r = new SplittableRandom(3);
        double[] v = new double[230 * 6];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble() < 0.3 + 0.1 * (i % 6) ? 1 : 0;
        }
        return new Dataset("D", 230, 6, v, null);
    }

    @Test
    void aRunStoppedAndContinuedEndsWithTheBitsOfOneNeverStopped() {
        for (Precision precision : Precision.values()) {
            VaeSpec spec = VaeSpec.builder(6).hidden(9, Activation.RELU).latent(3).latent(2).build();
            Vae vae = new Vae("V", spec, precision);
            FamilyModel model = new FamilyModel(vae.modelSpec(), new VaeStructure(vae));
            VaeTraining trainer = VaeTraining.builder().epochs(7).batch(32).clip(5)
                    .optimizer(Adam.builder().lr(Schedule.constant(0.01)).build()).build();
            Dataset d = data();
            double[] theta0 = vae.initialParameters(new SplittableRandom(1));
            StoppingRecorder whole = new StoppingRecorder(-1);
            TrainingResult once;
            try (RunContext c = new RunContext(5, Path.of(""), whole, 2)) {
                once = trainer.train(model, theta0, d, c);
            }
            for (int stop : new int[] {1, 4, 6}) {
                StoppingRecorder first = new StoppingRecorder(stop);
                try (RunContext c = new RunContext(5, Path.of(""), first, 2)) {
                    assertThrows(CancellationException.class, () -> trainer.train(model, theta0, d, c));
                }
                TrainingState saved = first.last();
                assertEquals(stop, saved.epoch());
                TrainingResult rest;
                // Continued on one thread: the pieces of a batch are summed in order whatever the threads.
                try (RunContext c = new RunContext(5, Path.of(""), new StoppingRecorder(-1), 1)) {
                    rest = trainer.resume(model, saved, d, c);
                }
                assertArrayEquals(once.theta(), rest.theta(), precision + ", stopped after epoch " + stop);
                // The continued run's history is the whole run's, row for row.
                assertEquals(7, rest.history().size());
                for (int e = 0; e < 7; e++) {
                    assertArrayEquals(once.history().rows().get(e), rest.history().rows().get(e), "epoch " + (e + 1));
                }
            }
            assertEquals(7, whole.states.size(), "a state after every epoch");
        }
    }

    @Test
    void aStateOfAnotherOptimizerOrRunIsRefused() {
        Vae vae = new Vae("V", VaeSpec.builder(6).hidden(9, Activation.RELU).latent(3).build());
        FamilyModel model = new FamilyModel(vae.modelSpec(), new VaeStructure(vae));
        VaeTraining trainer = VaeTraining.builder().epochs(3).build();
        double[] theta = vae.initialParameters(new SplittableRandom(1));
        try (RunContext c = new RunContext(5, Path.of(""), new StoppingRecorder(-1), 1)) {
            assertEquals("the saved optimizer state has 2 values, this optimizer keeps " + (1 + 2 * theta.length)
                    + ": the run was saved with another optimizer or model",
                    assertThrows(IllegalArgumentException.class,
                    () -> trainer.resume(model, new TrainingState(0, theta, new double[2], new double[0],
                            List.of("epoch", "neg_elbo", "elbo", "test_elbo"), List.of()), data(), c))
                    .getMessage());
            assertEquals("the saved run stopped after epoch 9, outside the 3 epochs of " + trainer.describe(),
                    assertThrows(IllegalArgumentException.class, () -> trainer.resume(model, new TrainingState(9, theta,
                            new double[0], new double[0], List.of(), List.of()), data(), c)).getMessage());
        }
    }

    /** The first figure of each step is the loss (what the job's divergence watch reads), minus the ELBO. */
    @Test
    void eachStepReportsTheLossFirst() {
        Vae vae = new Vae("V", VaeSpec.builder(6).hidden(9, Activation.RELU).latent(3).build());
        VaeTraining trainer = VaeTraining.builder().epochs(2).build();
        List<Map<String, Double>> heard = new ArrayList<>();
        ProgressListener listener = new ProgressListener() {
            @Override
            public void step(long done, Map<String, Double> metrics) {
                heard.add(metrics);
            }
        };
        try (RunContext c = new RunContext(5, Path.of(""), listener, 1)) {
            trainer.train(new FamilyModel(vae.modelSpec(), new VaeStructure(vae)),
                    vae.initialParameters(new SplittableRandom(1)), data(), c);
        }
        assertEquals(2, heard.size());
        for (Map<String, Double> m : heard) {
            assertEquals("neg_elbo", m.keySet().iterator().next());
            assertEquals(-m.get("elbo"), m.get("neg_elbo"));
        }
    }

    /** The held-out loss is minus the ELBO with one draw per row from the run's fixed {@code "held out"} stream. */
    @Test
    void theHeldOutLossIsMinusTheElboOnFixedDraws() {
        Vae vae = new Vae("V", VaeSpec.builder(6).hidden(9, Activation.RELU).latent(3).build());
        FamilyModel model = new FamilyModel(vae.modelSpec(), new VaeStructure(vae));
        VaeTraining trainer = VaeTraining.builder().epochs(5).batch(32).build();
        double[] theta = vae.initialParameters(new SplittableRandom(1));
        Dataset rows = data();
        try (RunContext c = new RunContext(5, Path.of(""), ProgressListener.NONE, 2);
                RunContext same = new RunContext(5, Path.of(""), ProgressListener.NONE, 1)) {
            HeldOutLoss loss = trainer.heldOutLoss(model, rows, c);
            long seed = same.random("held out").nextLong();
            assertEquals(-vae.elbo(theta, rows, 1, new SplittableRandom(seed), null), loss.at(theta), 0.0);
            assertEquals(loss.at(theta), loss.at(theta), 0.0, "the same draws at every call");
            double[] trained = trainer.train(model, theta, rows, c).theta();
            assertTrue(loss.at(trained) < loss.at(theta));
        }
    }
}

