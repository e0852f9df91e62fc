package org.thermogen.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermogen.runtime.io.Npy;
import org.thermogen.runtime.nn.TimeEmbedding;

/** {@code time(W learned)}: the denoiser's time embedding is a table trained with the network. */
class LearnedTimeEmbeddingTest {
    @TempDir
    Path dir;

    @Test
    void aLearnedEmbeddingStartsSinusoidalAndIsTrained() throws IOException {
        Path f = dir.resolve("learned.gen");
        Files.writeString(f, """
                package tests.learned
                dataset Moons = moons(n 1000, noise 0.05, seed 1) split train 0.75, test 0.25 seed 2
                schedule Short = linear(beta 1e-4 .. 0.2, steps 20)
                network Eps = mlp(x + time(8 learned) -> 32 silu -> 2)
                model Learned {
                  observed x[2] : real
                  diffusion with Short denoiser Eps predicts noise
                  train on Moons.train with ddpm { optimizer adam(lr 1e-2) epochs 5 batch 128 ema 0 }
                  sample with ddim(steps 10, eta 0, n 100)
                  evaluate mmd on Moons.test
                }
                """);
        CliTest.Result r = CliTest.thermogen("run", f.toString(), "--out", dir.resolve("out").toString());
        assertEquals(0, r.status(), r.out() + r.err());

        Npy.Array table = Npy.read(dir.resolve("out/params/Eps.time.npy"));
        assertArrayEquals(new int[] {20, 8}, table.shape());
        double[] sinusoidal = new double[20 * 8];
        TimeEmbedding embedding = new TimeEmbedding(8);
        for (int t = 1; t <= 20; t++) {
            embedding.embed(t, sinusoidal, (t - 1) * 8);
        }
        double moved = 0;
        for (int i = 0; i < sinusoidal.length; i++) {
            moved = Math.max(moved, Math.abs(table.values()[i] - sinusoidal[i]));
        }
        // 30 Adam steps of 1e-2 move the rows they touch by up to about 0.3; the start is the sinusoidal table.
        assertTrue(moved > 1e-3 && moved < 1, "largest change of the table " + moved);
        assertTrue(r.out().contains("mmd2_test"), r.out());
    }
}
