package org.thermogen.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermogen.runtime.definition.ModelDefinition;

/** The launcher's entry point on a model class laid out as the generator writes them. */
class JobMainTest {
    /** Like a generated class: a public static DEFINITION. */
    public static final class Generated {
        public static final ModelDefinition DEFINITION = new Fixtures.Body(new Fixtures.HalvingTrainer(6),
                List.of(new Fixtures.ShiftSampler()), List.of(new Fixtures.DistanceEvaluation()));
    }

    /** A generated class whose definition cannot be built: a bug, not the user's error. */
    public static final class Broken {
        public static final ModelDefinition DEFINITION = broken();

        private static ModelDefinition broken() {
            throw new IllegalStateException("no definition");
        }
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = JobMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void runTrainsSamplesEvaluatesAndReportsProgressAnIdeCanParse(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        Path progress = dir.resolve("progress.log");
        Result r = run("--model", Generated.class.getName(), "--action", "run", "--out", out.toString(), "--seed", "3",
                "--progress", progress.toString());
        String ide = Files.readString(progress);

        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(out.resolve(Job.SAMPLES_PLOT)) && Files.exists(out.resolve(Job.EVALUATION))
                && Files.exists(out.resolve(Job.REPORT_HTML)), r.out());
        assertTrue(ide.contains("@thermogen begin 6 "), ide);
        assertTrue(ide.contains("@thermogen step 6 6"), ide);
        assertTrue(ide.contains("@thermogen end"), ide);
        assertTrue(!r.out().contains("@thermogen"), "progress lines leak into the console: " + r.out());
        assertTrue(r.out().contains("Body: trained"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("Body: ") && l.contains("(")), r.out());
    }

    @Test
    void sampleAndEvalReadTheCheckpointOfTheOutputFolder(@TempDir Path dir) {
        String out = dir.resolve("out").toString();
        assertEquals(0, run("--model", Generated.class.getName(), "--action", "train", "--out", out, "--epochs", "3").code());
        Result sample = run("--model", Generated.class.getName(), "--action", "sample", "--out", out, "-n", "50");
        assertEquals(0, sample.code(), sample.err());
        assertTrue(sample.out().contains("Body: 50 samples"), sample.out());
        assertEquals(0, run("--model", Generated.class.getName(), "--action", "eval", "--out", out).code());
    }

    @Test
    void resumeIsPassedToTheJob(@TempDir Path dir) {
        // The fixture's trainer cannot continue a run: the job's refusal, in one line, proves the option reached it.
        Result r = run("--model", Generated.class.getName(), "--action", "train", "--out", dir.toString(), "--resume",
                dir.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().strip().startsWith("error: body.gen:5: Body: halving(epochs 6) cannot continue a saved run"),
                r.err());
    }

    @Test
    void userErrorsAreOneLineWithExitCodeOne(@TempDir Path dir) {
        Result eval = run("--model", Generated.class.getName(), "--action", "eval", "--out", dir.toString());
        assertEquals(1, eval.code());
        assertEquals("error: " + dir.resolve(Job.CHECKPOINT) + ": no checkpoint; train first (action train or run)",
                eval.err().strip());

        Result missing = run("--model", "nowhere.Missing");
        assertEquals(1, missing.code());
        assertTrue(missing.err().startsWith("error: --model nowhere.Missing: no such class"), missing.err());

        assertEquals(1, run("--action", "run").code());
        assertEquals("error: --action fly: choose train, sample, eval or run",
                run("--model", Generated.class.getName(), "--action", "fly").err().strip());
        assertEquals("error: --model java.lang.String: not a generated model class (no public DEFINITION)",
                run("--model", "java.lang.String").err().strip());
    }

    @Test
    void internalErrorsAreOneLineWithExitCodeTwo() {
        Result r = run("--model", Broken.class.getName());
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("internal error: java.lang.ExceptionInInitializerError"), r.err());
        assertTrue(r.err().contains("THERMOGEN_STACKTRACE"), r.err());
    }
}
