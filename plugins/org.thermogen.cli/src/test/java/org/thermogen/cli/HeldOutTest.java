package org.thermogen.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code validation D.test}, {@code keep best} and {@code patience N} from the command line:
 * a Boltzmann machine on 8 spins fitted to 30 rows overfits (its held-out likelihood falls,
 * then rises), so the best epoch is not the last. Each figure is checked against the
 * run's own metrics: the kept parameters are those a run of exactly the best epoch's length
 * ends with (the step size is constant, so the first epochs of a long run and a short one are
 * the same), and early stopping comes exactly {@code patience} epochs after the best.
 */
class HeldOutTest {
    @TempDir
    Path dir;

    private Path model(String settings) throws IOException {
        Path f = dir.resolve("overfit.gen");
        Files.writeString(f, """
                dataset Spins = boltzmann_samples(units 8, n 60, coupling normal(0, 0.3), field normal(0, 0.1), seed 3)
                                split train 0.5, test 0.5 seed 1

                model Machine {
                  visible s[8] : spin
                  param J[8,8] : symmetric, zero_diagonal
                  param h[8]
                  energy E(s) = -sum(k < l) J[k,l] * s[k] * s[l] - h . s
                  train on Spins.train with moment_matching(expectation exact) {
                    optimizer gd(lr 0.2)
                    %s
                  }
                }
                """.formatted(settings));
        return f;
    }

    /** The columns of metrics.csv, by name: one array per column. */
    private static double[] column(Path out, String name) throws IOException {
        List<String> lines = Files.readAllLines(out.resolve("metrics.csv"));
        int c = Arrays.asList(lines.get(0).split(",")).indexOf(name);
        assertTrue(c >= 0, name + " in " + lines.get(0));
        return lines.stream().skip(1).mapToDouble(l -> {
            String v = l.split(",", -1)[c];
            return v.isEmpty() || v.equalsIgnoreCase("nan") ? Double.NaN : Double.parseDouble(v);
        }).toArray();
    }

    private static int argmin(double[] v) {
        int best = -1;
        for (int i = 0; i < v.length; i++) {
            if (!Double.isNaN(v[i]) && (best < 0 || v[i] < v[best])) {
                best = i;
            }
        }
        return best;
    }

    @Test
    void keepBestKeepsTheParametersOfTheBestHeldOutEpoch() throws IOException {
        Path out = dir.resolve("best");
        CliTest.Result r = CliTest.thermogen("train", model("epochs 80 validation Spins.test keep best").toString(), "--out",
                out.toString());
        assertEquals(0, r.status(), r.err());
        double[] epochs = column(out, "epoch");
        double[] heldOut = column(out, "held_out_neg_log_likelihood");
        assertEquals(81, heldOut.length);
        assertTrue(Double.isNaN(heldOut[0]), "measured after each epoch, not at the start");
        int best = (int) epochs[argmin(heldOut)];
        assertTrue(best > 1 && best < 60, "the machine overfits: best held-out epoch " + best);
        assertTrue(heldOut[80] > heldOut[best] + 1e-3, heldOut[80] + " vs " + heldOut[best]);
        assertTrue(r.err().contains("keeping the parameters of epoch " + best + ", the best on Spins.test"), r.err());
        assertTrue(Files.exists(out.resolve("loss.png")));

        Path shorter = dir.resolve("shorter");
        CliTest.Result s = CliTest.thermogen("train", model("epochs 80 validation Spins.test keep best").toString(),
                "--out", shorter.toString(), "--epochs", Integer.toString(best));
        assertEquals(0, s.status(), s.err());
        assertArrayEquals(Files.readAllBytes(shorter.resolve("params/J.npy")), Files.readAllBytes(out.resolve("params/J.npy")));
        assertArrayEquals(Files.readAllBytes(shorter.resolve("params/h.npy")), Files.readAllBytes(out.resolve("params/h.npy")));
    }

    @Test
    void patienceStopsTrainingThatManyEpochsAfterTheBest() throws IOException {
        Path out = dir.resolve("patience");
        CliTest.Result r = CliTest.thermogen("train", model("epochs 500 validation Spins.test patience 7").toString(),
                "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        double[] heldOut = column(out, "held_out_neg_log_likelihood");
        int best = argmin(heldOut);
        int stop = heldOut.length - 1;
        assertEquals(best + 7, stop, "stopped at epoch " + stop + ", best " + best);
        assertTrue(r.err().contains("stopped early at epoch " + stop + ": held_out_neg_log_likelihood has not improved"
                + " for 7 epochs (best"), r.err());
        assertTrue(r.err().contains("at epoch " + best + ")"), r.err());
    }

    /**
     * A small RBM trained with too large a step: its pseudo-likelihood hides what its held-out
     * exact likelihood shows (a layer of 16 units is summed out every epoch), and keep best
     * keeps the epoch that was best by it.
     */
    @Test
    void aSmallRbmIsWatchedByItsExactHeldOutLikelihood() throws IOException {
        Path f = dir.resolve("rbm").resolve("bars.gen");
        Files.createDirectories(f.getParent());
        Files.writeString(f, """
                dataset Bars = bars_and_stripes(size 4, n 1000, seed 1) split train 0.8, test 0.2 seed 3
                model BarsRbm {
                  visible v[16] : binary
                  hidden  h[16] : binary
                  param W[16,16] init normal(0, 0.01)
                  param b[16]
                  param c[16]
                  energy E(v, h) = -(v' * W * h) - b . v - c . h
                  train on Bars.train with pcd(k 1, chains 100) {
                    optimizer sgd(lr 3, momentum 0.9) epochs 15 batch 20 validation Bars.test keep best
                  }
                }
                """);
        Path out = dir.resolve("rbm-out");
        CliTest.Result r = CliTest.thermogen("train", f.toString(), "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        double[] heldOut = column(out, "held_out_neg_log_likelihood");
        assertEquals(16, heldOut.length);
        int best = argmin(heldOut);
        assertTrue(r.err().contains("keeping the parameters of epoch " + best + ", the best on Bars.test"), r.err());
        assertTrue(heldOut[15] > heldOut[best], heldOut[15] + " vs " + heldOut[best]);
    }

    @Test
    void checkRefusesHeldOutSettingsThatCannotWork() throws IOException {
        CliTest.Result keep = CliTest.thermogen("check", model("epochs 10 keep best").toString());
        assertEquals(1, keep.status());
        assertTrue(keep.out().contains("keeps the best epoch by a held-out figure: add validation Dataset.part"),
                keep.out());
        CliTest.Result part = CliTest.thermogen("check", model("epochs 10 validation Spins.valid").toString());
        assertEquals(1, part.status());
        assertTrue(part.out().contains("Spins has no part valid: its parts are train, test"), part.out());
        Path gaussian = dir.resolve("gaussian.gen");
        Files.writeString(gaussian, """
                dataset Points = gaussian(mean [0, 0], cov [[1, 0.5], [0.5, 1]], n 100, seed 1) split train 0.5, test 0.5
                model Body {
                  observed x[2] : real
                  param mu[2]
                  param Sigma[2,2] : spd
                  energy E(x) = 0.5 * (x - mu)' * inv(Sigma) * (x - mu)
                  train on Points.train with persistent_langevin { epochs 2 validation Points.test }
                }
                """);
        CliTest.Result langevin = CliTest.thermogen("check", gaussian.toString());
        assertEquals(1, langevin.status());
        assertTrue(langevin.out().contains("persistent_langevin has no setting validation"), langevin.out());
        Path wide = dir.resolve("wide.gen");
        Files.writeString(wide, Files.readString(model("epochs 10 validation Other.test")) + """
                dataset Other = boltzmann_samples(units 9, n 20, seed 4) split train 0.5, test 0.5
                """);
        CliTest.Result width = CliTest.thermogen("check", wide.toString());
        assertEquals(1, width.status());
        assertTrue(width.out().contains("Other has 9 columns but Machine observes 8 units"), width.out());
        CliTest.Result word = CliTest.thermogen("check", model("epochs 10 validation Spins.test keep first").toString());
        assertEquals(1, word.status());
        assertTrue(word.out().contains("best (the parameters of the best held-out epoch) or last"), word.out());
    }
}
