package org.thermogen.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.data.BarsAndStripesSource;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.data.DatasetDefinition;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.rbm.ContrastiveDivergence;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.testmodels.BipartiteMachine;
import org.thermogen.runtime.testmodels.FullyVisible;

/**
 * The held-out figure is the trainer's own loss: measured on the training rows themselves at
 * the parameters an epoch ended with, it is the figure the trainer wrote in its history for
 * that epoch (where that figure is taken at the epoch's end parameters, exactly). The
 * settings {@code validation}, {@code keep best} and {@code patience} are checked together.
 */
class HeldOutLossTest {
    private static final Dataset SPINS = SpinTrainerContract.samples(6, Domain.SPIN, 4);

    private static RunContext context() {
        return new RunContext(3, Path.of(""), ProgressListener.NONE, 2);
    }

    private static void lastEpochAgrees(Trainer trainer, Model model, Dataset rows, double tolerance) {
        try (RunContext c = context()) {
            TrainingResult r = trainer.train(model, model.spec().initialParameters(new SplittableRandom(1)), rows, c);
            MetricsHistory h = r.history();
            double[] loss = h.column(h.lossColumn());
            double own = loss[loss.length - 1];
            double heldOut = trainer.heldOutLoss(model, rows, c).at(r.theta());
            assertEquals(own, heldOut, tolerance * Math.max(1, Math.abs(own)), trainer.describe());
        }
    }

    @Test
    void pseudoLikelihoodMeasuresItsOwnLoss() {
        lastEpochAgrees(PseudoLikelihoodTraining.builder().epochs(5).build(), new FullyVisible(6, Domain.SPIN), SPINS,
                1e-12);
    }

    /** The held-out likelihood sums the rows' energies, training uses their moments: the same figure. */
    @Test
    void momentMatchingMeasuresItsOwnLikelihood() {
        lastEpochAgrees(MomentMatching.builder().epochs(5).build(), new FullyVisible(6, Domain.SPIN), SPINS, 1e-12);
        lastEpochAgrees(MomentMatching.builder().epochs(5).build(), new FullyVisible(6, Domain.BINARY),
                SpinTrainerContract.samples(6, Domain.BINARY, 5), 1e-12);
    }

    /**
     * Fewer rows than the monitor's 500: CD's loss is measured on all of them, as the held-out
     * figure is when neither layer is small enough to sum out (25 visible, 20 hidden units).
     */
    @Test
    void contrastiveDivergenceMeasuresItsOwnPseudoLikelihood() {
        Dataset bars = BarsAndStripesSource.builder().size(5).n(300).seed(0).build().read(Path.of(""), "Bars");
        lastEpochAgrees(ContrastiveDivergence.builder().epochs(3).build(),
                new BipartiteMachine(25, 20, Domain.BINARY, Domain.BINARY), bars, 1e-12);
    }

    /**
     * A small RBM is measured by its exact likelihood, which the pseudo-likelihood it trains
     * on can flatter: held-out, the figure is minus the mean log-probability of the rows,
     * checked here against a sum over every (v, h) of 4 visible and 3 hidden spins.
     */
    @Test
    void aSmallRbmIsMeasuredByItsExactLikelihood() {
        BipartiteMachine model = new BipartiteMachine(4, 3, Domain.SPIN, Domain.SPIN);
        org.thermogen.runtime.energy.BipartiteEnergy e = BipartiteMachine.random(4, 3, Domain.SPIN, Domain.SPIN, 0.6,
                0.4, 21);
        double[] theta = model.parametersOf(e);
        double[] rows = {1, -1, 1, 1, -1, -1, 1, -1, 1, 1, 1, 1};
        Dataset data = new Dataset("R", 3, 4, rows, null);
        double logZ = Double.NEGATIVE_INFINITY;
        double[] logP = new double[3];
        java.util.Arrays.fill(logP, Double.NEGATIVE_INFINITY);
        for (int vs = 0; vs < 16; vs++) {
            double[] v = new double[4];
            for (int i = 0; i < 4; i++) {
                v[i] = (vs >> i & 1) == 1 ? 1 : -1;
            }
            for (int hs = 0; hs < 8; hs++) {
                double[] h = new double[3];
                for (int j = 0; j < 3; j++) {
                    h[j] = (hs >> j & 1) == 1 ? 1 : -1;
                }
                double w = -e.energy(v, h);
                logZ = logAdd(logZ, w);
                for (int r = 0; r < 3; r++) {
                    if (java.util.Arrays.equals(v, java.util.Arrays.copyOfRange(rows, 4 * r, 4 * r + 4))) {
                        logP[r] = logAdd(logP[r], w);
                    }
                }
            }
        }
        double nll = logZ - (logP[0] + logP[1] + logP[2]) / 3;
        try (RunContext c = context()) {
            HeldOutLoss loss = ContrastiveDivergence.builder().build().heldOutLoss(model, data, c);
            assertEquals("neg_log_likelihood", loss.name());
            assertEquals(nll, loss.at(theta), 1e-12 * Math.abs(nll));
        }
    }

    private static double logAdd(double a, double b) {
        double m = Math.max(a, b);
        return m == Double.NEGATIVE_INFINITY ? m : m + Math.log(Math.exp(a - m) + Math.exp(b - m));
    }

    @Test
    void keepBestAndPatienceNeedHeldOutRows() {
        assertEquals("moment_matching keeps the best epoch by a held-out figure: add validation Dataset.part (rows not"
                + " trained on), or remove keep best", assertThrows(IllegalArgumentException.class,
                () -> MomentMatching.builder().keep(Validation.Keep.BEST).build()).getMessage());
        assertEquals("pseudo_likelihood stops early when a held-out figure stops improving: add validation"
                + " Dataset.part (rows not trained on), or remove patience", assertThrows(IllegalArgumentException.class,
                () -> PseudoLikelihoodTraining.builder().patience(3).build()).getMessage());
        DatasetDefinition d = DatasetDefinition.builder("D", "d.gen", 1)
                .source(BarsAndStripesSource.builder().size(3).n(10).seed(0).build()).build();
        assertEquals("moment_matching measures the held-out likelihood only with expectation exact: remove validation,"
                + " or use expectation exact", assertThrows(IllegalArgumentException.class,
                () -> MomentMatching.builder().validation(d, null).expectation(MeanFieldExpectation.builder().build())
                        .build()).getMessage());
        assertTrue(MomentMatching.builder().validation(d, null).keep(Validation.Keep.BEST).patience(4).build()
                .describe().endsWith(", validation D, keep best, patience 4)"));
        assertEquals("patience must be at least 0 (0: never stop early), not -1", assertThrows(
                IllegalArgumentException.class, () -> MomentMatching.builder().validation(d, "test").patience(-1).build())
                .getMessage());
    }
}
