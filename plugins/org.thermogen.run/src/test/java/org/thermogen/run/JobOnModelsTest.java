package org.thermogen.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermogen.runtime.data.BlobsSource;
import org.thermogen.runtime.data.DatasetDefinition;
import org.thermogen.runtime.eval.Evaluation;
import org.thermogen.runtime.eval.EvaluationResult;
import org.thermogen.runtime.eval.InformationCriterion;
import org.thermogen.runtime.eval.LogLikelihood;
import org.thermogen.runtime.eval.Observables;
import org.thermogen.runtime.exact.ExactSampler;
import org.thermogen.runtime.io.Json;
import org.thermogen.runtime.mcmc.Ladder;
import org.thermogen.runtime.mcmc.ParallelTempering;
import org.thermogen.runtime.mixture.CovarianceType;
import org.thermogen.runtime.mixture.ExpectationMaximization;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.definition.TrainingPlan;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.sample.Samples;
import org.thermogen.runtime.testmodels.Lattice;
import org.thermogen.runtime.testmodels.MixtureModel;

/** The job runner on models of the runtime's families: what it samples, evaluates and writes. */
class JobOnModelsTest {

    private static final DatasetDefinition BLOBS = DatasetDefinition.builder("Blobs", "blobs.gen", 1)
            .source(BlobsSource.builder().n(600).centers(3).dim(2).std(0.6).spread(4).seed(3).build())
            .split(1, "train", 0.8, "test", 0.2).build();

    /**
     * The lattice of the language sketch through the job runner, shortened: sampling with
     * parallel tempering, then both observables per temperature from one measuring run.
     */
    @Test
    void theLatticeSketchRunsThroughTheJob(@TempDir Path out) throws IOException {
        ParallelTempering pt = ParallelTempering.builder().temperatures(Ladder.geometric(1.5, 3.5, 16)).sweeps(2000)
                .burnin(100).thin(1).swapEvery(1).build();
        List<Evaluation> evaluations = List.of(
                Observables.builder().observable("energy").perTemperature(true).build(),
                Observables.builder().observable("abs_magnetization").perTemperature(true).build());
        Lattice lattice = new Lattice(16, 16, Domain.SPIN, List.of(pt), evaluations);
        Fixtures.Recorder recorder = new Fixtures.Recorder();
        RunContext context = new RunContext(5, Path.of(""), recorder, 2);
        try {
            Job job = new Job(lattice, context, out);
            double[] theta = {1.0, 0.0};
            Samples samples = job.sample(theta, OptionalInt.of(500));
            assertEquals(500, samples.count());
            assertEquals(256, samples.dimension());
            assertEquals(1.5, samples.diagnostics().get("temperature"));
            List<EvaluationResult> results = job.evaluate(theta);
            assertEquals(List.of("energy_per_temperature", "abs_magnetization_per_temperature"),
                    results.stream().map(EvaluationResult::name).toList());
            assertEquals(1, recorder.tasks.stream().filter(t -> t.startsWith("measure")).count(), recorder.tasks.toString());
            String json = Files.readString(out.resolve(Job.EVALUATION));
            assertTrue(json.contains("swap_rate_14"), json);
            // Ordered at T = 1.5 (below T_c = 2.27), disordered at 3.5 on a 16x16 lattice.
            List<Double> m = results.get(1).series().y();
            assertTrue(m.get(0) > 0.9 && m.get(15) < 0.3, m.toString());
            // eval.json carries the whole curve, not only its first point.
            Map<?, ?> second = (Map<?, ?>) ((List<?>) Json.parseObject(json).get("results")).get(1);
            Map<?, ?> series = (Map<?, ?>) second.get("series");
            assertEquals("temperature", series.get("x_label"));
            assertEquals(16, ((List<?>) series.get("x")).size());
            assertEquals(m, series.get("y"));
            assertEquals(16, ((List<?>) series.get("standard_error")).size());
            assertTrue(Files.isRegularFile(out.resolve("abs_magnetization_per_temperature.png")));
        } finally {
            context.close();
        }
    }

    @Test
    void aJobTrainsSamplesAndEvaluatesAMixture(@TempDir Path base) throws IOException {
        MixtureModel model = mixture(LogLikelihood.builder().data(BLOBS, "test").build(),
                InformationCriterion.builder().kind(InformationCriterion.Kind.BIC).data(BLOBS, "train").build(),
                InformationCriterion.builder().kind(InformationCriterion.Kind.AIC).data(BLOBS, "train").build());
        Path out = base.resolve("out");
        RunContext context = new RunContext(7, base, ProgressListener.NONE, 2);
        RunResult r;
        try {
            r = new Job(model, context, out).run(OptionalInt.empty());
        } finally {
            context.close();
        }
        for (String f : List.of(Job.SAMPLES_PLOT, Job.LOSS_PLOT, Job.EVALUATION, Job.METRICS)) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        assertEquals(List.of("log_likelihood_test", "bic_train", "aic_train"),
                r.evaluations().stream().map(EvaluationResult::name).toList());
        assertTrue(r.evaluations().get(0).value() > -4 && r.evaluations().get(0).value() < -2,
                "test log-likelihood " + r.evaluations().get(0).value());
    }

    /** Three blobs fitted by EM, sampled exactly, with the given evaluations. */
    private static MixtureModel mixture(Evaluation... evaluations) {
        return new MixtureModel(3, 2, CovarianceType.FULL,
                new TrainingPlan(BLOBS, "train", ExpectationMaximization.builder().build()),
                List.of(ExactSampler.builder().build()), List.of(evaluations));
    }

    /** The embedding use: eight jobs at once in one JVM are independent and reproducible. */
    @Test
    void eightJobsAtOnceGiveWhatEachGivesAlone(@TempDir Path base) throws Exception {
        int jobs = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(jobs);
        try {
            List<java.util.concurrent.Future<?>> running = new ArrayList<>();
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            for (int i = 0; i < jobs; i++) {
                int seed = i;
                running.add(pool.submit(() -> {
                    start.await();
                    RunContext context = new RunContext(seed, base, ProgressListener.NONE, 1);
                    try {
                        return new Job(mixture(LogLikelihood.builder().data(BLOBS, "test").build()), context,
                                base.resolve("together-" + seed)).run(OptionalInt.empty());
                    } finally {
                        context.close();
                    }
                }));
            }
            start.countDown();
            for (java.util.concurrent.Future<?> f : running) {
                f.get(5, java.util.concurrent.TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        for (int seed = 0; seed < jobs; seed++) {
            RunContext context = new RunContext(seed, base, ProgressListener.NONE, 1);
            try {
                new Job(mixture(LogLikelihood.builder().data(BLOBS, "test").build()), context, base.resolve("alone-" + seed))
                        .run(OptionalInt.empty());
            } finally {
                context.close();
            }
            for (String f : List.of("checkpoint.json", "samples.npy", "eval.json", "metrics.csv")) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(
                        Files.readAllBytes(base.resolve("alone-" + seed).resolve(f)),
                        Files.readAllBytes(base.resolve("together-" + seed).resolve(f)), "seed " + seed + ": " + f);
            }
        }
        // Independent: other seeds, other samples.
        assertTrue(!java.util.Arrays.equals(Files.readAllBytes(base.resolve("alone-0").resolve("samples.npy")),
                Files.readAllBytes(base.resolve("alone-1").resolve("samples.npy"))));
    }
}
