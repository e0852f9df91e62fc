package org.thermogen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.thermogen.runtime.io.Json;

/** Every example under examples/ is generated, compiled and run, as a user would run it. */
class ExamplesTest {
    static final Path EXAMPLES = Path.of("../../examples");

    @TempDir
    Path out;

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.filter(p -> p.toString().endsWith(".gen")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    @SuppressWarnings("unchecked")
    void runsAndWritesEveryOutput(Path example) throws IOException {
        CliTest.Result r = CliTest.thermogen("run", example.toString(), "--out", out.toString(), "--seed", "1");
        assertEquals(0, r.status(), r.err());
        // Every example samples or evaluates; each writes a checkpoint and a report.
        for (String f : List.of("checkpoint.json", "report.md", "report.html", "run.json")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f + " of " + example);
        }
        assertTrue(Files.isRegularFile(out.resolve("samples.png")) || Files.isRegularFile(out.resolve("eval.json")));
        Map<String, Object> run = (Map<String, Object>) Json.parse(Files.readString(out.resolve("run.json")));
        for (Object f : (List<Object>) run.get("files")) {
            assertTrue(Files.isRegularFile(out.resolve((String) f)), f + " of " + example + " is listed but missing");
        }
    }

    @Test
    void isingLearnsTheKnownMachine() throws IOException {
        CliTest.Result r = CliTest.thermogen("run", EXAMPLES.resolve("ising.gen").toString(), "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        Map<String, Double> eval = results(out);
        assertTrue(eval.get("moment_error_train") < 1e-4, eval::toString);
        // 4000 samples leave the learned couplings a few hundredths from the truth.
        assertTrue(eval.get("parameter_error") < 0.06, eval::toString);
        assertTrue(eval.get("kl_Spins16_Ising16") < 0.03, eval::toString);
        assertTrue(Files.isRegularFile(out.resolve("couplings.png")));
    }

    @Test
    void gaussianIsFittedExactly() throws IOException {
        CliTest.Result r = CliTest.thermogen("run", EXAMPLES.resolve("gaussian.gen").toString(), "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        Map<String, Double> eval = results(out);
        // The model is the training data's own maximum-likelihood Gaussian.
        assertEquals(0.0, eval.get("kl_Points_train_Body"), 1e-12);
        assertTrue(eval.get("kl_Points_Body") < 0.01, eval::toString);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Double> results(Path dir) throws IOException {
        Map<String, Object> json = (Map<String, Object>) Json.parse(Files.readString(dir.resolve("eval.json")));
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        for (Object o : (List<Object>) json.get("results")) {
            Map<String, Object> m = (Map<String, Object>) o;
            out.put((String) m.get("name"), ((Number) m.get("value")).doubleValue());
        }
        return out;
    }

    @Test
    void theSameSeedGivesBitIdenticalCheckpointsAndSamples() throws IOException {
        String ising = EXAMPLES.resolve("ising.gen").toString();
        Path a = out.resolve("a");
        Path b = out.resolve("b");
        Path c = out.resolve("c");
        assertEquals(0, CliTest.thermogen("train", ising, "--epochs", "5", "--seed", "3", "--out", a.toString()).status());
        assertEquals(0, CliTest.thermogen("train", ising, "--epochs", "5", "--seed", "3", "--out", b.toString(),
                "--threads", "1").status());
        assertEquals(-1, Files.mismatch(a.resolve("checkpoint.json"), b.resolve("checkpoint.json")));
        for (Path d : List.of(a, b)) {
            assertEquals(0, CliTest.thermogen("sample", ising, "--checkpoint", d.toString(), "--seed", "3", "-n", "500").status());
        }
        assertEquals(-1, Files.mismatch(a.resolve("samples.npy"), b.resolve("samples.npy")));
        assertEquals(0, CliTest.thermogen("sample", ising, "--checkpoint", a.toString(), "--seed", "4", "-n", "500", "--out",
                c.toString()).status());
        assertTrue(Files.mismatch(a.resolve("samples.npy"), c.resolve("samples.npy")) >= 0, "another seed, other samples");
    }

    @Test
    void malformedCsvGivesOneLineNamingFileAndLine() throws IOException {
        Path dir = out.resolve("m");
        Path other = out.resolve("n");
        Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(other.resolve("data"));
        Files.writeString(dir.resolve("data/bad.csv"), "1.0,2.0\n0.5,1.5\n0.7,oops\n");
        Files.writeString(other.resolve("data/short.csv"), "1.0,2.0\n0.5,1.5\n0.7\n");
        String model = """
                dataset D = csv("data/%s")
                model M {
                  observed x[2] : real
                  param mu[2]
                  param S[2,2] : spd
                  energy E(x) = 0.5 * (x - mu)' * inv(S) * (x - mu)
                  train on D with max_likelihood
                }
                """;
        Files.writeString(dir.resolve("word.gen"), model.formatted("bad.csv"));
        Files.writeString(other.resolve("short.gen"), model.formatted("short.csv"));
        CliTest.Result word = CliTest.thermogen("train", dir.resolve("word.gen").toString(), "--out", out.resolve("o1").toString());
        assertEquals(1, word.status());
        assertEquals("data/bad.csv:3: column 1 holds 'oops', not a number", word.err().strip());
        CliTest.Result shortRow = CliTest.thermogen("train", other.resolve("short.gen").toString(), "--out",
                out.resolve("o2").toString());
        assertEquals(1, shortRow.status());
        assertEquals("data/short.csv:3: expected 2 columns as on line 1, found 1", shortRow.err().strip());
        assertFalse(Files.exists(out.resolve("o1/checkpoint.json")), "a failed run writes no checkpoint");
    }
}
