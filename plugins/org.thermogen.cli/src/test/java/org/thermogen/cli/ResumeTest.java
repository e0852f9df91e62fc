package org.thermogen.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.thermogen.runtime.io.Json;

/**
 * {@code thermogen train --resume DIR}: the digits VAE and RBM interrupted part-way (as Ctrl-C
 * does) and continued end with the checkpoint and metrics of a run never interrupted, to the bit.
 */
class ResumeTest {
    @TempDir
    Path dir;

    private static final String VAE = ExamplesTest.EXAMPLES.resolve("vae-digits.gen").toString();

    /**
     * A network trained by Adam (the VAE) and an RBM trained by PCD, whose persistent chains
     * travel with the state (epochs enough that the interruption, sent once three are saved,
     * lands part-way on a fast machine too).
     */
    @ParameterizedTest
    @CsvSource({"vae-digits.gen, 30, params/Encoder.0.W.npy, params/Decoder.1.b.npy",
            "rbm-digits.gen, 40, params/W.npy, params/c.npy"})
    void anInterruptedRunContinuedEndsAsOneNeverInterrupted(String example, String epochs, String npy1, String npy2)
            throws Exception {
        interruptAndContinue(ExamplesTest.EXAMPLES.resolve(example).toString(), epochs, npy1, npy2);
    }

    /**
     * The VAE measured on held-out rows, keeping its best epoch: what the watch remembers (the
     * figures so far, the best parameters) travels with the saved run, so the continued run's
     * metrics, held-out column included, and its kept parameters are those of a run never
     * stopped.
     */
    @Test
    void aRunWithHeldOutRowsContinuesItsWatch() throws Exception {
        String text = Files.readString(Path.of(VAE))
                .replace("\"data/digits.csv\"", "\"" + ExamplesTest.EXAMPLES.resolve("data/digits.csv").toAbsolutePath()
                        .toString().replace("\\", "/") + "\"")
                .replace("epochs 50 batch 64", "epochs 50 batch 64 validation Digits.test keep best");
        Path model = dir.resolve("vae-validated.gen");
        Files.writeString(model, text);
        interruptAndContinue(model.toString(), "30", "params/Encoder.0.W.npy", "params/Decoder.1.b.npy");
        List<String> metrics = Files.readAllLines(dir.resolve("parts").resolve("metrics.csv"));
        assertTrue(metrics.get(0).endsWith(",held_out_neg_elbo"), metrics.get(0));
        assertEquals(31, metrics.size());
    }

    private void interruptAndContinue(String model, String epochs, String npy1, String npy2) throws Exception {
        Path whole = dir.resolve("whole");
        CliTest.Result once = CliTest.thermogen("train", model, "--out", whole.toString(), "--epochs", epochs, "--seed",
                "3");
        assertEquals(0, once.status(), once.err());

        Path parts = dir.resolve("parts");
        CliTest.Result[] first = new CliTest.Result[1];
        Thread run = new Thread(() -> first[0] = CliTest.thermogen("train", model, "--out", parts.toString(), "--epochs",
                epochs, "--seed", "3", "--checkpoint-every", "0"));
        run.start();
        // Interrupted (what Ctrl-C does to the command's thread) once a few epochs are saved.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (epochSaved(parts) < 3 && run.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        run.interrupt();
        run.join();
        assertEquals(1, first[0].status(), first[0].out() + first[0].err());
        assertTrue(first[0].err().contains("training interrupted at epoch ") && first[0].err().contains(
                "continue it with thermogen train --resume " + parts), first[0].err());
        int stopped = epochSaved(parts);
        assertTrue(stopped >= 3 && stopped < Integer.parseInt(epochs), "stopped after epoch " + stopped);

        CliTest.Result rest = CliTest.thermogen("train", model, "--resume", parts.toString(), "--epochs", epochs, "--seed",
                "3");
        assertEquals(0, rest.status(), rest.err());
        assertTrue(rest.err().contains("continuing the run saved in " + parts + " after epoch " + stopped), rest.err());
        assertEquals(parameters(whole), parameters(parts), "the checkpoint's parameters");
        assertEquals(Files.readString(whole.resolve("metrics.csv")), Files.readString(parts.resolve("metrics.csv")));
        for (String npy : new String[] {npy1, npy2}) {
            assertArrayEquals(Files.readAllBytes(whole.resolve(npy)), Files.readAllBytes(parts.resolve(npy)), npy);
        }
    }

    @Test
    void aRunSavedWithOtherSettingsOrSeedIsNotContinued() {
        Path out = dir.resolve("out");
        assertEquals(0, CliTest.thermogen("train", VAE, "--out", out.toString(), "--epochs", "2", "--seed", "3",
                "--checkpoint-every", "0").status());
        CliTest.Result seed = CliTest.thermogen("train", VAE, "--resume", out.toString(), "--epochs", "2", "--seed", "4");
        assertEquals(1, seed.status());
        assertTrue(seed.err().strip().endsWith("ran with seed 3; continue it with --seed 3"), seed.err());
        CliTest.Result epochs = CliTest.thermogen("train", VAE, "--resume", out.toString(), "--epochs", "5", "--seed", "3");
        assertEquals(1, epochs.status());
        assertTrue(epochs.err().contains("trained with elbo(epochs 2,") && epochs.err().contains("the file now says elbo"
                + "(epochs 5,"), epochs.err());
        CliTest.Result none = CliTest.thermogen("train", VAE, "--resume", dir.resolve("nowhere").toString());
        assertEquals(1, none.status());
        assertTrue(none.err().contains("training-state.json: no saved training to continue"), none.err());
        CliTest.Result gaussian = CliTest.thermogen("train", ExamplesTest.EXAMPLES.resolve("gaussian.gen").toString(),
                "--resume", out.toString());
        assertEquals(1, gaussian.status());
        assertTrue(gaussian.err().contains("cannot continue a saved run; train without --resume"), gaussian.err());
        CliTest.Result rbm = CliTest.thermogen("train", ExamplesTest.EXAMPLES.resolve("rbm-digits.gen").toString(),
                "--resume", out.toString());
        assertEquals(1, rbm.status());
        assertTrue(rbm.err().contains("was saved for another model or shape than"), rbm.err());
        CliTest.Result ising = CliTest.thermogen("train", ExamplesTest.EXAMPLES.resolve("ising.gen").toString(),
                "--resume", out.toString());
        assertEquals(1, ising.status());
        assertTrue(ising.err().contains("was saved for another model or shape than Ising16 declares now"), ising.err());
    }

    /** {@code run --resume}: the training continued, then the samples, evaluations and report as run writes them. */
    @Test
    void runContinuesTheTrainingThenSamplesAndEvaluates() throws Exception {
        Path out = dir.resolve("run");
        assertEquals(0, CliTest.thermogen("train", VAE, "--out", out.toString(), "--epochs", "3", "--seed", "3",
                "--checkpoint-every", "0").status());
        CliTest.Result r = CliTest.thermogen("run", VAE, "--resume", out.toString(), "--epochs", "3", "--seed", "3");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("continuing the run saved in " + out + " after epoch 3"), r.err());
        assertTrue(Files.exists(out.resolve("report.html")) && Files.exists(out.resolve("samples.png")), r.out());
    }

    /** The compute options: scalar kernels and float64 networks train too, and the JVM's properties come back. */
    @Test
    void backendAndPrecisionOptionsRunAndLeaveNoTrace() {
        CliTest.Result r = CliTest.thermogen("train", VAE, "--out", dir.resolve("scalar").toString(), "--epochs", "2",
                "--backend", "scalar", "--precision", "float64");
        assertEquals(0, r.status(), r.err());
        assertEquals(null, System.getProperty("thermogen.backend"));
        assertEquals(null, System.getProperty("thermogen.precision"));
        CliTest.Result bad = CliTest.thermogen("train", VAE, "--backend", "gpu");
        assertEquals(1, bad.status());
        assertTrue(bad.err().contains("--backend") && bad.err().contains("auto, vector, scalar"), bad.err());
    }

    /** The epoch of the state saved in {@code out}, 0 if none yet. */
    private static int epochSaved(Path out) {
        try {
            return ((Double) Json.parseObject(Files.readString(out.resolve("training-state.json"))).get("epoch"))
                    .intValue();
        } catch (Exception e) {
            return 0;   // not written yet, or being replaced
        }
    }

    private static Object parameters(Path out) throws Exception {
        return Json.parseObject(Files.readString(out.resolve("checkpoint.json"))).get("parameters");
    }
}
