package org.thermogen.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermogen.runtime.data.DataException;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.data.DatasetDefinition;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.eval.EvaluationResult;
import org.thermogen.runtime.io.Checkpoint;
import org.thermogen.runtime.io.CheckpointException;
import org.thermogen.runtime.io.Json;
import org.thermogen.runtime.io.Npy;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.Provenance;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.sample.Samples;
import org.thermogen.runtime.train.DivergenceException;
import org.thermogen.runtime.train.TrainingResult;
import org.thermogen.runtime.Version;

class JobTest {
    @TempDir
    Path base;

    private RunContext context(long seed, Fixtures.Recorder recorder) {
        return new RunContext(seed, base, recorder == null ? new Fixtures.Recorder() : recorder, 1);
    }

    private static Fixtures.Body body(int epochs) {
        return new Fixtures.Body(new Fixtures.HalvingTrainer(epochs), List.of(new Fixtures.ShiftSampler()),
                List.of(new Fixtures.DistanceEvaluation()));
    }

    /**
     * A model trained on standardized data (heights in cm and weights in kg, standardized on
     * the training part) writes its samples in centimetres and kilograms: the shift sampler
     * draws mu + N(0, I) in standard units, with mu trained to the training part's mean (0),
     * so samples.csv has the data's means (170, 60) and deviations (7, 5) within 4 standard
     * errors of 4000 draws, samples.npy the same values, and the listener hears it once.
     */
    /** Two figures of one key keep both: the later is keyed by its description, then numbered. */
    @Test
    void repeatedNamesAreMadeUnique() {
        java.util.Set<String> taken = new java.util.HashSet<>();
        EvaluationResult a = new EvaluationResult("log_likelihood_test", "log_likelihood on A.test", 1, 0, "m", Map.of());
        EvaluationResult b = new EvaluationResult("log_likelihood_test", "log_likelihood on B.test", 2, 0, "m", Map.of());
        assertEquals("log_likelihood_test", Job.uniquelyNamed(a, taken).name());
        EvaluationResult renamed = Job.uniquelyNamed(b, taken);
        assertEquals("log_likelihood_on_B_test", renamed.name());
        assertEquals(2.0, renamed.value());
        assertEquals("log_likelihood_on_B_test_2", Job.uniquelyNamed(b, taken).name());
    }

    @Test
    void samplesOfAModelTrainedOnStandardizedDataAreWrittenInTheDatasUnits() throws IOException {
        DatasetDefinition cm = DatasetDefinition.builder("Heights", "body.gen", 2)
                .source(org.thermogen.runtime.data.GaussianSource.builder().n(2000).mean(new double[] {170, 60})
                        .cov(new double[][] {{49, 20}, {20, 25}}).seed(3L).build())
                .transform(org.thermogen.runtime.data.Transforms.standardize())
                .split(7, "train", 0.8, "test", 0.2).build();
        Fixtures.Body body = new Fixtures.Body(cm, new Fixtures.HalvingTrainer(40), List.of(new Fixtures.ShiftSampler()),
                List.of());
        Fixtures.Recorder heard = new Fixtures.Recorder();
        Path out = base.resolve("cm");
        try (Job job = new Job(body, context(5, heard), out)) {
            double[] theta = job.train(OptionalInt.empty()).theta();
            assertEquals(0, theta[0], 1e-6, "mu in standard units");
            job.sample(theta, OptionalInt.of(4000));
        }
        List<String> lines = Files.readAllLines(out.resolve(Job.SAMPLES_CSV));
        double[] sum = new double[2];
        double[] sq = new double[2];
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            for (int c = 0; c < 2; c++) {
                double v = Double.parseDouble(f[c]);
                sum[c] += v;
                sq[c] += v * v;
            }
        }
        int n = lines.size() - 1;
        assertEquals(4000, n);
        double[] sd = {7, 5};
        double[] mean = {170, 60};
        for (int c = 0; c < 2; c++) {
            double m = sum[c] / n;
            double s = Math.sqrt(sq[c] / n - m * m);
            assertEquals(mean[c], m, 4 * sd[c] / Math.sqrt(n) + 0.05 * sd[c], "mean of column " + c);
            assertEquals(sd[c], s, 4 * sd[c] / Math.sqrt(2.0 * n) + 0.05 * sd[c], "deviation of column " + c);
        }
        double[] npy = Npy.read(out.resolve(Job.SAMPLES_NPY)).values();
        assertEquals(Double.parseDouble(lines.get(1).split(",")[0]), npy[0], 1e-9 * Math.abs(npy[0]));
        assertEquals(1, heard.notes.stream().filter(l -> l.contains("Heights's own units (its standardize undone)"))
                .count(), String.join("\n", heard.notes));
    }

    /**
     * A sampler that measures its chains (Langevin, four chains) gets trace.png beside
     * samples.png, its R-hat and ESS in the diagnostics; one that does not (the shift
     * sampler) gets none.
     */
    @Test
    void chainsThatAreMeasuredAreDrawnDrawByDraw() throws IOException {
        Fixtures.Body body = new Fixtures.Body(null, List.of(org.thermogen.runtime.mcmc.LangevinSampler.builder()
                .chains(4).steps(2000).burnin(200).thin(5).step(0.05).build()), List.of());
        Path out = base.resolve("trace");
        double[] theta = {0, 0, 1, 0.5, 0.5, 1};
        Samples samples;
        try (Job job = new Job(body, context(3, null), out)) {
            samples = job.sample(theta, OptionalInt.of(400));
        }
        assertTrue(samples.diagnostics().containsKey("rhat") && samples.diagnostics().containsKey("ess"),
                samples.diagnostics().toString());
        BufferedImage trace = ImageIO.read(out.resolve(Job.TRACE_PLOT).toFile());
        assertTrue(trace.getWidth() > 100 && trace.getHeight() > 100);
        assertTrue(Files.exists(out.resolve(Job.AUTOCORRELATION_PLOT)));
        Path plain = base.resolve("plain");
        try (Job job = new Job(body(1), context(3, null), plain)) {
            job.sample(theta, OptionalInt.of(50));
        }
        assertFalse(Files.exists(plain.resolve(Job.TRACE_PLOT)));
        assertFalse(Files.exists(plain.resolve(Job.AUTOCORRELATION_PLOT)));
    }

    private static List<String> tree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    /**
     * Ctrl-C after the training ends but before its outputs are written (an interrupt that
     * would close the files' channels midway) loses nothing: the outputs are written whole, and
     * the interrupt is raised again for what follows.
     */
    @Test
    void anInterruptAsTheOutputsAreWrittenLosesNothing() throws IOException {
        Path out = base.resolve("interrupted");
        Job job = new Job(body(3), context(11, null), out);
        Thread.currentThread().interrupt();
        boolean flagAfter;
        try {
            job.train(OptionalInt.empty());
        } finally {
            flagAfter = Thread.interrupted();
        }
        assertTrue(flagAfter, "the interrupt is raised again");
        assertEquals(List.of("checkpoint.json", "loss.png", "metrics.csv", "params/P.npy", "params/mu.npy"), tree(out));
        assertEquals(4, Files.readAllLines(out.resolve("metrics.csv")).size());
    }

    @Test
    void runWritesEveryFileOfTheContract() throws IOException {
        Path out = base.resolve("out");
        RunResult r = new Job(body(6), context(11, null), out).run(OptionalInt.empty());
        assertEquals(List.of("checkpoint.json", "eval.json", "loss.png", "metrics.csv", "params/P.npy", "params/mu.npy",
                "report.html", "report.md", "run.json", "samples.csv", "samples.npy", "samples.png"), tree(out));

        // The trained parameters: mu after 6 halvings is mean * (1 - 2^-6); P stays the identity.
        Dataset train = new RunContext(11, base, ProgressListener.NONE, 1).data(Fixtures.HEIGHTS).part("train");
        double[] mean = Fixtures.mean(train);
        double f = 1 - Math.pow(2, -6);
        assertEquals(mean[0] * f, r.theta()[0], 1e-12);
        assertEquals(mean[1] * f, r.theta()[1], 1e-12);
        assertArrayEquals(new double[] {1, 0, 0, 1}, java.util.Arrays.copyOfRange(r.theta(), 2, 6));

        Checkpoint c = Checkpoint.read(out, body(6).spec());
        assertArrayEquals(r.theta(), c.theta());
        assertEquals(new Provenance("body.gen", "ab".repeat(32), "Body", "halving(epochs 6)", 11, train.digest(),
                Version.runtime(), System.getProperty("java.version")), c.provenance());

        List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
        assertEquals(7, metrics.size());
        assertEquals("epoch,squared_error", metrics.get(0));
        assertTrue(metrics.get(6).startsWith("6,"));

        List<String> csv = Files.readAllLines(out.resolve("samples.csv"));
        assertEquals("x[0],x[1]", csv.get(0));
        assertEquals(301, csv.size());
        Npy.Array npy = Npy.read(out.resolve("samples.npy"));
        assertArrayEquals(new int[] {300, 2}, npy.shape());
        assertArrayEquals(r.samples().values(), npy.values());
        String[] first = csv.get(1).split(",");
        assertEquals(npy.values()[0], Double.parseDouble(first[0]));
        assertEquals(npy.values()[1], Double.parseDouble(first[1]));

        Map<String, Object> eval = Json.parseObject(Files.readString(out.resolve("eval.json")));
        assertEquals("Body", eval.get("model"));
        assertEquals(11.0, eval.get("seed"));
        Map<?, ?> result = (Map<?, ?>) ((List<?>) eval.get("results")).get(0);
        EvaluationResult expected = r.evaluations().get(0);
        assertEquals(List.of("name", "description", "value", "standard_error", "method", "details"),
                List.copyOf(result.keySet()));
        assertEquals("distance_test", result.get("name"));
        assertEquals(expected.value(), result.get("value"));
        assertEquals(expected.standardError(), result.get("standard_error"));
        assertEquals(Map.of("rows", 100.0), result.get("details"));

        Map<String, Object> run = Json.parseObject(Files.readString(out.resolve("run.json")));
        for (String key : List.of("model", "start", "end", "seconds", "seed", "threads", "java_version",
                "thermogen_version", "files")) {
            assertTrue(run.containsKey(key), key);
        }
        assertEquals(List.of("train", "sample", "evaluate", "report", "total"),
                List.copyOf(((Map<?, ?>) run.get("seconds")).keySet()));
        assertEquals(1.0, run.get("threads"));
        assertTrue(((String) run.get("start")).compareTo((String) run.get("end")) <= 0);

        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.startsWith("# Body\n"));
        assertTrue(md.contains(body(6).spec().signature()));
        assertTrue(md.contains("Recognized structure: general energy."));
        assertTrue(md.contains("halving(epochs 6)"));
        assertTrue(md.contains("| data source | Heights = gaussian(n 500, mean [1, -1], cov [[1, 0.8], [0.8, 1]], seed 3) |"),
                md);
        assertTrue(md.contains("![training loss](loss.png)"));
        // Six parameters: shown element by element, as trained (theta as in checkpoint.json).
        assertTrue(md.contains("The learned parameters, 6 values (also in checkpoint.json)"), md);
        assertTrue(md.contains("| mu[0] | " + Text.figure(r.theta()[0]) + " |"), md);
        assertTrue(md.contains("| P[0,1] | " + Text.figure(r.theta()[3]) + " |"), md);
        assertTrue(md.contains("![samples](samples.png)"));
        assertTrue(md.contains("| metric | value | standard error | method |"));
        assertTrue(md.contains("| distance on Heights.test | " + Text.figure(expected.value()) + " | "
                + Text.figure(expected.standardError()) + " | average over 100 rows |"), md);
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<img src=\"loss.png\" alt=\"training loss\">"));
        assertTrue(html.contains("<img src=\"samples.png\" alt=\"samples\">"));
        assertTrue(html.contains("<td>distance on Heights.test</td>"));

        BufferedImage loss = ImageIO.read(out.resolve("loss.png").toFile());
        assertEquals(800, loss.getWidth());
        assertEquals(12, r.files().size());
    }

    @Test
    void sameSeedGivesIdenticalCheckpointsAndSamples() throws IOException {
        Path a = base.resolve("a");
        Path b = base.resolve("b");
        new Job(body(4), context(5, null), a).run(OptionalInt.empty());
        new Job(body(4), context(5, null), b).run(OptionalInt.empty());
        for (String f : List.of("checkpoint.json", "params/mu.npy", "samples.csv", "samples.npy", "eval.json",
                "metrics.csv")) {
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f);
        }
    }

    @Test
    void epochsOverrideTheTrainer() throws IOException {
        Path out = base.resolve("out");
        TrainingResult r = new Job(body(50), context(1, null), out).train(OptionalInt.of(3));
        assertEquals(3, r.history().size());
        assertEquals(4, Files.readAllLines(out.resolve("metrics.csv")).size());
        assertEquals("halving(epochs 3)", Checkpoint.read(out, body(50).spec()).provenance().trainer());
        assertEquals("--epochs must be at least 1, not 0", assertThrows(JobException.class,
                () -> new Job(body(50), context(1, null), out).train(OptionalInt.of(0))).getMessage());
    }

    @Test
    void missingClausesAreNamed() {
        Fixtures.Body bare = new Fixtures.Body(null, List.of(), List.of());
        Job job = new Job(bare, context(1, null), base.resolve("out"));
        assertEquals("body.gen:5: Body has no `train on ... with ...` clause; add one to train it",
                assertThrows(JobException.class, () -> job.train(OptionalInt.empty())).getMessage());
        assertEquals("body.gen:5: Body has no `sample with ...` clause; add one, e.g. `sample with exact`",
                assertThrows(JobException.class, () -> job.sample(new double[6], OptionalInt.empty())).getMessage());
        assertTrue(assertThrows(JobException.class, () -> job.evaluate(new double[6])).getMessage()
                .startsWith("body.gen:5: Body has no `evaluate ...` clause"));
        assertEquals("body.gen:5: Body has no `train on ... with ...` clause, so --epochs has nothing to set",
                assertThrows(JobException.class, () -> job.run(OptionalInt.of(3))).getMessage());
    }

    @Test
    void runWithoutTrainingWritesTheInitialParameters() throws IOException {
        Path out = base.resolve("out");
        Fixtures.Body untrained = new Fixtures.Body(null, List.of(new Fixtures.ShiftSampler()), List.of());
        RunResult r = new Job(untrained, context(3, null), out).run(OptionalInt.empty());
        assertNull(r.training());
        assertArrayEquals(new double[] {0, 0, 1, 0, 0, 1}, r.theta());
        Checkpoint c = Checkpoint.read(out, untrained.spec());
        assertArrayEquals(r.theta(), c.theta());
        assertEquals("none (initial parameters)", c.provenance().trainer());
        assertEquals(List.of("checkpoint.json", "params/P.npy", "params/mu.npy", "report.html", "report.md", "run.json",
                "samples.csv", "samples.npy", "samples.png"), tree(out));
        assertTrue(Files.readString(out.resolve("report.md")).contains("has no training plan"));
    }

    @Test
    void wrongWidthIsRefusedNamingDatasetAndModel() {
        DatasetDefinition spins = DatasetDefinition.builder("Spins16", "ising.gen", 3)
                .source(Fixtures.table(20, 15, (i, k) -> 1, null)).split(0, "train", 0.8, "test", 0.2).build();
        Fixtures.Ising ising = new Fixtures.Ising("Ising16", 16, Domain.SPIN, spins, Fixtures.fixed(new double[272]),
                List.of());
        DataException e = assertThrows(DataException.class,
                () -> new Job(ising, context(1, null), base.resolve("out")).train(OptionalInt.empty()));
        assertEquals("ising.gen:3: Spins16.train has 15 columns but Ising16 observes 16 units (s[16])", e.getMessage());
    }

    private String misfit(Domain domain, double value) {
        DatasetDefinition data = DatasetDefinition.builder("Spins16", "ising.gen", 3)
                .source(new org.thermogen.runtime.data.DataSource() {
                    @Override
                    public String describe() {
                        return "odd";
                    }

                    @Override
                    public Dataset read(Path b, String name) {
                        double[] v = new double[10 * 4];
                        java.util.Arrays.fill(v, domain == Domain.SPIN ? 1 : 0);
                        v[2 * 4 + 3] = value;
                        return new Dataset(name, 10, 4, v, null);
                    }
                }).build();
        Fixtures.Ising ising = new Fixtures.Ising("Ising4", 4, domain, data, null, Fixtures.fixed(new double[20]),
                List.of());
        return assertThrows(DataException.class,
                () -> new Job(ising, context(1, null), base.resolve("out")).train(OptionalInt.empty())).getMessage();
    }

    @Test
    void valuesOutsideTheDomainNameRowColumnAndTheTransform() {
        assertEquals("ising.gen:3: Spins16 row 3, column 3 holds 0, but s[3] is a spin (-1 or +1): add the `spins`"
                + " transform to Spins16 to map 0/1 to -1/+1", misfit(Domain.SPIN, 0));
        assertEquals("ising.gen:3: Spins16 row 3, column 3 holds 0.5, but s[3] is a spin (-1 or +1): add `binarize`"
                + " and then `spins` to Spins16", misfit(Domain.SPIN, 0.5));
        assertEquals("ising.gen:3: Spins16 row 3, column 3 holds 0.5, but s[3] is binary (0 or 1): add the `binarize`"
                + " transform to Spins16 (e.g. `binarize 0.5`)", misfit(Domain.BINARY, 0.5));
        assertEquals("ising.gen:3: Spins16 row 3, column 3 holds -1, but s[3] is binary (0 or 1): declare `s : spin`"
                + " for -1/+1 data", misfit(Domain.BINARY, -1));
    }

    @Test
    void crashDuringTrainingKeepsTheLastSnapshotAsCheckpoint() throws IOException {
        Path out = base.resolve("out");
        Fixtures.Recorder recorder = new Fixtures.Recorder();
        Fixtures.Body crashing = new Fixtures.Body(new Fixtures.HalvingTrainer(10, 5, -1), List.of(), List.of());
        Job job = new Job(crashing, context(2, recorder), out).withCheckpointInterval(java.time.Duration.ZERO);
        assertEquals("simulated crash at epoch 5",
                assertThrows(IllegalStateException.class, () -> job.train(OptionalInt.empty())).getMessage());
        assertEquals(4, recorder.snapshots.size(), "the caller's listener still hears every snapshot");
        assertArrayEquals(recorder.snapshots.get(3), Checkpoint.read(out, crashing.spec()).theta());
        assertEquals(List.of("checkpoint.json", "params/P.npy", "params/mu.npy"), tree(out), "no partial or temporary file");
    }

    @Test
    void divergenceIsRefusedAndTheLastGoodCheckpointStays() throws IOException {
        Path out = base.resolve("out");
        Fixtures.Recorder recorder = new Fixtures.Recorder();
        Fixtures.Body diverging = new Fixtures.Body(new Fixtures.HalvingTrainer(6, -1, 4), List.of(), List.of());
        Job job = new Job(diverging, context(2, recorder), out).withCheckpointInterval(java.time.Duration.ZERO);
        DivergenceException e = assertThrows(DivergenceException.class, () -> job.train(OptionalInt.empty()));
        // Stopped at the epoch where the loss became NaN, not after the last epoch.
        assertTrue(e.getMessage().startsWith("body.gen:5: Body: training diverged at epoch 4: squared_error is NaN (it was "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("; lower the learning rate or the momentum (the last good checkpoint is kept in "
                + out + ", the losses up to there in metrics.csv)"), e.getMessage());
        assertEquals(4, recorder.snapshots.size() + 1, "no snapshot after the NaN");
        assertArrayEquals(recorder.snapshots.get(2), Checkpoint.read(out, diverging.spec()).theta());
        List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
        assertEquals("epoch,squared_error", metrics.get(0));
        assertEquals(5, metrics.size(), "the history shows where it diverged: " + metrics);
        assertTrue(Files.exists(out.resolve("loss.png")));
    }

    /** Multiplies mu by {@code growth} per epoch from epoch {@code from}: the loss explodes without ever being NaN. */
    private static org.thermogen.runtime.train.Trainer exploding(int epochs, int from, double growth) {
        return new org.thermogen.runtime.train.Trainer() {
            @Override
            public String describe() {
                return "exploding";
            }

            @Override
            public TrainingResult train(org.thermogen.runtime.model.Model m, double[] initial, Dataset d,
                    RunContext c) {
                double[] theta = initial.clone();
                org.thermogen.runtime.train.MetricsHistory h = new org.thermogen.runtime.train.MetricsHistory("epoch", "loss");
                for (int e = 1; e <= epochs; e++) {
                    theta[0] = e < from ? 1.0 / e : theta[0] * growth;
                    double loss = theta[0] * theta[0];
                    h.add(e, loss);
                    c.listener().step(e, Map.of("loss", loss));
                    c.listener().snapshot(e, theta);
                }
                return new TrainingResult(theta, h, Map.of());
            }
        };
    }

    @Test
    void aLossThatExplodesStopsTrainingAtTheEpochAndKeepsTheCheckpointOfTheLastGoodOne() throws IOException {
        Path out = base.resolve("out");
        Fixtures.Recorder recorder = new Fixtures.Recorder();
        // Loss 1, 1/4, 1/9, then x100 per epoch: 11.1 at epoch 4 (suspect: more than 10 above the best 0.11, so
        // not checkpointed), 1111 at epoch 5 (more than 1000 above: exploded), well before the 50 epochs end.
        Fixtures.Body body = new Fixtures.Body(exploding(50, 4, 10), List.of(), List.of());
        Job job = new Job(body, context(2, recorder), out).withCheckpointInterval(java.time.Duration.ZERO);
        DivergenceException e = assertThrows(DivergenceException.class, () -> job.train(OptionalInt.empty()));
        assertTrue(e.getMessage().startsWith(
                "body.gen:5: Body: training diverged at epoch 5: loss rose from 0.111111 (epoch 3) to 1111.11; lower the"),
                e.getMessage());
        assertEquals(1.0 / 3, Checkpoint.read(out, body.spec()).theta()[0], 1e-12);
        assertTrue(recorder.notes.stream().anyMatch(n -> n.startsWith("epoch 4: loss is 11.1111, far above its best 0.111111 (epoch 3)")),
                recorder.notes.toString());
        assertEquals(6, Files.readAllLines(out.resolve("metrics.csv")).size());
    }

    @Test
    void parametersThatExplodeStopTrainingEvenWhenTheLossLooksFine() {
        Path out = base.resolve("out");
        org.thermogen.runtime.train.Trainer huge = new org.thermogen.runtime.train.Trainer() {
            @Override
            public String describe() {
                return "huge";
            }

            @Override
            public TrainingResult train(org.thermogen.runtime.model.Model m, double[] initial, Dataset d,
                    RunContext c) {
                double[] theta = initial.clone();
                for (int e = 1; e <= 3; e++) {
                    theta[1] = e == 3 ? 1e200 : e;
                    c.listener().step(e, Map.of("loss", 1.0 / e));
                    c.listener().snapshot(e, theta);
                }
                return new TrainingResult(theta, new org.thermogen.runtime.train.MetricsHistory("epoch", "loss"), Map.of());
            }
        };
        Job job = new Job(new Fixtures.Body(huge, List.of(), List.of()), context(2, new Fixtures.Recorder()), out)
                .withCheckpointInterval(java.time.Duration.ZERO);
        DivergenceException e = assertThrows(DivergenceException.class, () -> job.train(OptionalInt.empty()));
        assertTrue(e.getMessage().contains("training diverged at epoch 3: the parameters reached 1e+200"), e.getMessage());
    }

    @Test
    void aFailedCheckpointWriteStopsTrainingWithTheIoErrorHoweverTheTrainerWrapsIt() throws IOException {
        Path out = base.resolve("out");
        // A non-empty folder where checkpoint.json belongs: renaming the written file onto it fails.
        Files.createDirectories(out.resolve("checkpoint.json").resolve("occupied"));
        org.thermogen.runtime.train.Trainer halving = new Fixtures.HalvingTrainer(5);
        org.thermogen.runtime.train.Trainer wrapping = new org.thermogen.runtime.train.Trainer() {
            @Override
            public String describe() {
                return "wrapping";
            }

            @Override
            public TrainingResult train(org.thermogen.runtime.model.Model m, double[] initial, Dataset d,
                    RunContext c) {
                try {
                    return halving.train(m, initial, d, c);
                } catch (RuntimeException e) {
                    throw new IllegalStateException("epoch failed", e);
                }
            }
        };
        for (org.thermogen.runtime.train.Trainer t : List.of(halving, wrapping)) {
            Fixtures.Body m = new Fixtures.Body(t, List.of(), List.of());
            Job job = new Job(m, context(2, null), out).withCheckpointInterval(java.time.Duration.ZERO);
            IOException e = assertThrows(IOException.class, () -> job.train(OptionalInt.empty()), t.describe());
            assertTrue(e.getMessage().contains("checkpoint.json"), e.getMessage());
            assertEquals(t == wrapping ? 1 : 0, e.getSuppressed().length, "the trainer's wrapper is kept beside it");
            try (Stream<Path> s = Files.list(out)) {
                assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
            }
        }
    }

    @Test
    void checkpointsAreNotWrittenBeforeTheIntervalPasses() throws IOException {
        Path out = base.resolve("out");
        Fixtures.Body crashing = new Fixtures.Body(new Fixtures.HalvingTrainer(10, 5, -1), List.of(), List.of());
        Job job = new Job(crashing, context(2, null), out).withCheckpointInterval(java.time.Duration.ofHours(1));
        assertThrows(IllegalStateException.class, () -> job.train(OptionalInt.empty()));
        assertFalse(Files.exists(out.resolve("checkpoint.json")));
    }

    @Test
    void sampleAndEvaluateFromACheckpointFolder() throws IOException {
        Path trained = base.resolve("trained");
        new Job(body(8), context(4, null), trained).train(OptionalInt.empty());
        Path out = base.resolve("sampled");
        Job job = new Job(body(8), context(4, null), out);
        Samples s = job.sample(trained, OptionalInt.of(25));
        assertEquals(25, s.count());
        assertEquals(26, Files.readAllLines(out.resolve("samples.csv")).size());
        List<EvaluationResult> e = job.evaluate(trained.resolve("checkpoint.json"));
        assertEquals(1, e.size());
        assertTrue(Files.exists(out.resolve("eval.json")));
        assertEquals("-n must be at least 1, not 0",
                assertThrows(JobException.class, () -> job.sample(trained, OptionalInt.of(0))).getMessage());

        Fixtures.Ising other = new Fixtures.Ising("Body", 2, Domain.SPIN, null, null, List.of());
        CheckpointException wrong = assertThrows(CheckpointException.class,
                () -> new Job(other, context(4, null), out).loadCheckpoint(trained));
        assertTrue(wrong.getMessage().startsWith("checkpoint.json holds Body with "), wrong.getMessage());
    }

    @Test
    void nonFiniteEvaluationsAreWrittenAsStrings() throws IOException {
        Path out = base.resolve("out");
        Fixtures.Body m = new Fixtures.Body(null, List.of(), List.of(Fixtures.constant("log_likelihood",
                Double.NEGATIVE_INFINITY)));
        new Job(m, context(1, null), out).evaluate(new double[] {0, 0, 1, 0, 0, 1});
        Map<?, ?> r = (Map<?, ?>) ((List<?>) Json.parseObject(Files.readString(out.resolve("eval.json")))
                .get("results")).get(0);
        assertEquals("-Infinity", r.get("value"));
        assertEquals(0.0, r.get("standard_error"));
    }

    @Test
    void couplingsArePlottedAgainstTheTrueMachine() throws IOException {
        int n = 4;
        PairwiseEnergy truth = new PairwiseEnergy(n, Domain.SPIN);
        truth.setPair(0, 1, 0.8);
        truth.setPair(2, 3, -0.6);
        DatasetDefinition spins = DatasetDefinition.builder("Spins4", "ising.gen", 3)
                .source(Fixtures.table(40, n, (i, k) -> ((i >> k) & 1) == 0 ? -1 : 1, truth))
                .split(0, "train", 0.5, "test", 0.5).build();
        double[] learned = new double[n * n + n];
        learned[1] = learned[4] = 0.7;
        learned[2 * n + 3] = learned[3 * n + 2] = -0.5;
        Fixtures.Ising ising = new Fixtures.Ising("Ising4", n, Domain.SPIN, spins, Fixtures.fixed(learned),
                List.of(Fixtures.constant("log_partition", 2.5)));
        Path out = base.resolve("out");
        RunResult r = new Job(ising, context(1, null), out).run(OptionalInt.empty());
        assertTrue(r.files().contains(out.resolve("couplings.png")));
        BufferedImage image = ImageIO.read(out.resolve("couplings.png").toFile());
        assertEquals(60 + 3 * 280 + 90, image.getWidth());
        assertTrue(Files.readString(out.resolve("report.md")).contains("![couplings](couplings.png)"));
        assertTrue(Files.readString(out.resolve("report.md")).contains("1 row of history up to iteration 1;"));
        assertTrue(Files.readString(out.resolve("report.md"))
                .contains("Recognized structure: pairwise energy (Boltzmann machine), couplings linear in the parameters."));
    }

    @Test
    void couplingsAreSkippedWithANoteWhenTheMachinesDiffer() throws IOException {
        PairwiseEnergy truth = new PairwiseEnergy(3, Domain.SPIN);
        DatasetDefinition spins = DatasetDefinition.builder("Spins3", "ising.gen", 3)
                .source(Fixtures.table(10, 4, (i, k) -> 1, truth)).split(0, "train", 0.5, "test", 0.5).build();
        Fixtures.Recorder recorder = new Fixtures.Recorder();
        Fixtures.Ising ising = new Fixtures.Ising("Ising4", 4, Domain.SPIN, spins, Fixtures.fixed(new double[20]),
                List.of(Fixtures.constant("x", 1)));
        new Job(ising, context(1, recorder), base.resolve("out")).run(OptionalInt.empty());
        assertFalse(Files.exists(base.resolve("out/couplings.png")));
        assertTrue(recorder.notes.contains("couplings.png is not drawn: the data come from a machine of 3 spin units,"
                + " Ising4 has 4 units of domain spin"), recorder.notes.toString());
    }
}
