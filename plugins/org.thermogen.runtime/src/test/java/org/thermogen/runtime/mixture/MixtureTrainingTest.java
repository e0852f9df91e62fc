package org.thermogen.runtime.mixture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermogen.runtime.data.BlobsSource;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.data.DatasetDefinition;
import org.thermogen.runtime.eval.EvaluationResult;
import org.thermogen.runtime.eval.InformationCriterion;
import org.thermogen.runtime.eval.LogLikelihood;
import org.thermogen.runtime.exact.ExactSampler;
import org.thermogen.runtime.definition.TrainingPlan;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.run.StoppingRecorder;
import org.thermogen.runtime.sample.Samples;
import org.thermogen.runtime.testmodels.GaussianModel;
import org.thermogen.runtime.testmodels.MixtureModel;
import org.thermogen.runtime.train.TrainingResult;

/** EM as the runtime's trainer, with the mixture's sampler and evaluations, alone and in a job. */
class MixtureTrainingTest {
    @TempDir
    Path base;

    private static final DatasetDefinition BLOBS = DatasetDefinition.builder("Blobs", "blobs.gen", 1)
            .source(BlobsSource.builder().n(600).centers(3).dim(2).std(0.6).spread(4).seed(3).build())
            .split(1, "train", 0.8, "test", 0.2).build();

    private static MixtureModel model(ExpectationMaximization em) {
        return new MixtureModel(3, 2, CovarianceType.FULL, new TrainingPlan(BLOBS, "train", em),
                List.of(ExactSampler.builder().build()),
                List.of(LogLikelihood.builder().data(BLOBS, "test").build(),
                        InformationCriterion.builder().kind(InformationCriterion.Kind.BIC).data(BLOBS, "train").build(),
                        InformationCriterion.builder().kind(InformationCriterion.Kind.AIC).data(BLOBS, "train").build()));
    }

    /** Records the listener's calls. */
    private static final class Recorder implements ProgressListener {
        final List<Long> steps = new ArrayList<>();
        final List<double[]> snapshots = new ArrayList<>();
        long total;

        @Override
        public void begin(String task, long totalSteps) {
            total = totalSteps;
        }

        @Override
        public void step(long done, Map<String, Double> metrics) {
            steps.add(done);
        }

        @Override
        public void snapshot(long step, double[] theta) {
            snapshots.add(theta.clone());
        }
    }

    /**
     * Stopped after an iteration and continued from the state it reported, EM ends with the
     * bits of a run never stopped, convergence test included: for every covariance type, with
     * the k-means start and from the declared parameters.
     */
    @Test
    void aRunStoppedAndContinuedEndsWithTheBitsOfOneNeverStopped() {
        for (CovarianceType type : CovarianceType.values()) {
            for (ExpectationMaximization.Start start : ExpectationMaximization.Start.values()) {
                ExpectationMaximization em = ExpectationMaximization.builder().maxIterations(40).tolerance(1e-4)
                        .start(start).build();
                MixtureModel model = new MixtureModel(3, 2, type, new TrainingPlan(BLOBS, "train", em), List.of(),
                        List.of());
                StoppingRecorder whole = new StoppingRecorder(-1);
                TrainingResult once;
                Dataset train;
                double[] theta0;
                try (RunContext c = new RunContext(5, base, whole, 2)) {
                    train = c.data(BLOBS).part("train");
                    theta0 = model.spec().initialParameters(c.random("init"));
                    if (start == ExpectationMaximization.Start.PARAMETERS) {
                        // Three distinct means, so the declared start is a mixture EM can leave.
                        int means = ((MixtureStructure) model.structure()).form().meansOffset();
                        for (int i = 0; i < 6; i++) {
                            theta0[means + i] = train.values()[i * 7];
                        }
                    }
                    once = em.train(model, theta0, train, c);
                }
                int iterations = once.summary().get("iterations").intValue();
                assertEquals(iterations, whole.states.size());
                for (int stop : new int[] {1, iterations / 2, iterations - 1, iterations}) {
                    String what = type + ", " + start + ", stopped after iteration " + stop;
                    StoppingRecorder first = new StoppingRecorder(stop);
                    try (RunContext c = new RunContext(5, base, first, 2)) {
                        assertThrows(CancellationException.class, () -> em.train(model, theta0, train, c), what);
                    }
                    TrainingResult rest;
                    try (RunContext c = new RunContext(5, base, ProgressListener.NONE, 1)) {
                        rest = em.resume(model, first.last(), train, c);
                    }
                    assertArrayEquals(once.theta(), rest.theta(), what);
                    assertEquals(once.summary(), rest.summary(), what);
                    assertEquals(once.history().size(), rest.history().size(), what);
                    for (int i = 0; i < once.history().size(); i++) {
                        assertArrayEquals(once.history().rows().get(i), rest.history().rows().get(i), what);
                    }
                }
            }
        }
    }

    /** The held-out figure on the training rows at the fitted parameters is EM's last history row. */
    @Test
    void theHeldOutLossIsMinusTheMeanLogLikelihood() {
        ExpectationMaximization em = ExpectationMaximization.builder().maxIterations(30).build();
        MixtureModel model = model(em);
        try (RunContext c = new RunContext(5, base, ProgressListener.NONE, 2)) {
            Dataset train = c.data(BLOBS).part("train");
            TrainingResult r = em.train(model, model.spec().initialParameters(c.random("init")), train, c);
            double[] loss = r.history().column("neg_log_likelihood");
            assertEquals(loss[loss.length - 1], em.heldOutLoss(model, train, c).at(r.theta()),
                    1e-12 * Math.abs(loss[loss.length - 1]));
        }
    }

    @Test
    void trainsTheModelsThetaWithAMonotoneHistoryAndTheListenerHearingEachIteration() {
        ExpectationMaximization em = ExpectationMaximization.builder().maxIterations(300).tolerance(1e-5).build();
        MixtureModel model = model(em);
        Recorder recorder = new Recorder();
        RunContext context = new RunContext(5, base, recorder, 2);
        try {
            Dataset train = context.data(BLOBS).part("train");
            double[] theta0 = model.spec().initialParameters(context.random("init"));
            TrainingResult result = em.train(model, theta0, train, context);
            assertEquals(List.of("iteration", "neg_log_likelihood"), result.history().columns());
            double[] loss = result.history().column("neg_log_likelihood");
            int iterations = result.summary().get("iterations").intValue();
            assertEquals(iterations + 1, loss.length);
            assertEquals(1.0, result.summary().get("converged"));
            for (int i = 1; i < loss.length; i++) {
                assertTrue(loss[i] <= loss[i - 1] + 1e-12 * Math.abs(loss[i - 1]), "the loss rose at " + i);
            }
            assertEquals(300, recorder.total);
            assertEquals(iterations, recorder.steps.size());
            assertEquals(iterations, recorder.snapshots.size());
            assertArrayEquals(result.theta(), recorder.snapshots.get(iterations - 1),
                    "the last snapshot holds the returned parameters");

            GaussianMixture g = GaussianMixture.fromTheta(model.form(), result.theta());
            assertEquals(-loss[iterations], g.meanLogLikelihood(train.values(), train.rows(), null), 1e-12);
            assertEquals(result.summary().get("log_likelihood"), -loss[iterations], 0.0);
            // The same fit as the plain API from the same seed.
            MixtureFit fit = em.fit(train.values(), train.rows(), 2, 3, CovarianceType.FULL, context);
            assertArrayEquals(fit.mixture().means(), g.means());
            assertEquals(g.bic(train.values(), train.rows(), null), result.summary().get("bic"), 1e-9);

            // Blobs of std 0.6 come back with variances near 0.36 and roughly equal weights.
            for (int k = 0; k < 3; k++) {
                assertEquals(0.36, g.covariance(k).get(0, 0), 0.1);
                assertEquals(1.0 / 3, g.weights()[k], 0.1);
            }

            EvaluationResult ll = LogLikelihood.builder().data(BLOBS, "test").build().evaluate(model, result.theta(),
                    context);
            Dataset test = context.data(BLOBS).part("test");
            assertEquals(g.meanLogLikelihood(test.values(), test.rows(), null), ll.value(), 1e-12);
            EvaluationResult aic = InformationCriterion.builder().kind(InformationCriterion.Kind.AIC)
                    .data(BLOBS, "train").build().evaluate(model, result.theta(), context);
            assertEquals("aic_train", aic.name());
            assertEquals(g.aic(train.values(), train.rows(), null), aic.value(), 1e-9);

            Samples s = ExactSampler.builder().build().sample(model, result.theta(), 500, context);
            assertEquals(2, s.dimension());
            assertArrayEquals(g.sample(500, context.random("sample")), s.values());
        } finally {
            context.close();
        }
    }

    /** Three blobs well apart (std 0.5, centres spread over 8). */
    private static final DatasetDefinition APART = DatasetDefinition.builder("Apart", "apart.gen", 1)
            .source(BlobsSource.builder().n(900).centers(3).dim(2).std(0.5).spread(8).seed(11).build())
            .split(1, "train", 0.8, "test", 0.2).build();

    /**
     * {@code bic(components 1..6)}: three blobs well apart are best fitted by three components
     * (on the blobs above, two of which overlap, BIC rightly prefers two); each point
     * of the series is the criterion of the plain EM fit of that many components from the same
     * seed, and the value stays the model's own.
     */
    @Test
    void aSweepOverComponentsChoosesTheBlobsCount() {
        ExpectationMaximization em = ExpectationMaximization.builder().build();
        MixtureModel model = model(em);
        try (RunContext context = new RunContext(5, base, ProgressListener.NONE, 2)) {
            Dataset train = context.data(APART).part("train");
            double[] theta = em.train(model, model.spec().initialParameters(context.random("init")), train, context)
                    .theta();
            for (InformationCriterion.Kind kind : InformationCriterion.Kind.values()) {
                EvaluationResult r = InformationCriterion.builder().kind(kind).components(1, 6).data(APART, "train")
                        .build().evaluate(model, theta, context);
                assertEquals(kind.keyword() + "(components 1..6) on Apart.train", r.description());
                assertEquals(3.0, r.details().get("best_components"), () -> kind + " " + r.series().y());
                assertEquals(List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0), r.series().x());
                GaussianMixture own = GaussianMixture.fromTheta(model.form(), theta);
                assertEquals(kind == InformationCriterion.Kind.BIC ? own.bic(train.values(), train.rows(), null)
                        : own.aic(train.values(), train.rows(), null), r.value(), 1e-9);
                for (int k = 1; k <= 6; k++) {
                    GaussianMixture g = em.fit(train.values(), train.rows(), 2, k, CovarianceType.FULL, context).mixture();
                    double expected = kind == InformationCriterion.Kind.BIC ? g.bic(train.values(), train.rows(), null)
                            : g.aic(train.values(), train.rows(), null);
                    assertEquals(expected, r.series().y().get(k - 1), 1e-9 * Math.abs(expected));
                }
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InformationCriterion.builder().components(3, 2).data(BLOBS, "train").build());
        assertEquals("components runs from 3 to 2: give whole numbers from 1, the first no larger than the last, at"
                + " most 64 of them", e.getMessage());
    }

    @Test
    void initParametersStartsFromTheModelsTheta() {
        ExpectationMaximization em = ExpectationMaximization.builder().maxIterations(0)
                .start(ExpectationMaximization.Start.PARAMETERS).build();
        assertEquals("em(max_iter 0, tol 0.001, reg_covar 0.000001, init parameters)", em.describe());
        MixtureModel model = model(em);
        RunContext context = new RunContext(5, base, ProgressListener.NONE, 1);
        try {
            Dataset train = context.data(BLOBS).part("train");
            double[] theta0 = model.spec().initialParameters(context.random("init"));
            TrainingResult result = em.train(model, theta0, train, context);
            assertArrayEquals(theta0, result.theta(), "max_iter 0 from given parameters returns them");
            assertEquals(1, result.history().size());
            theta0[0] = 0.9;
            String message = assertThrows(IllegalArgumentException.class,
                    () -> em.train(model, theta0, train, context)).getMessage();
            assertTrue(message.startsWith("Blobs: em with init parameters needs initial parameters that form a mixture:"
                    + " mixture weights must sum to 1"), message);
            assertEquals("em trains Gaussian mixtures; Body2 has a Gaussian energy, closed-form maximum likelihood",
                    assertThrows(IllegalArgumentException.class,
                            () -> em.train(new GaussianModel(2), new double[6], train, context)).getMessage());
        } finally {
            context.close();
        }
    }
}
