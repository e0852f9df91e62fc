package org.thermogen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each family's own pictures reach the folder and the report through the job's family hooks
 * (org.thermogen.run.family): a VAE of images its reconstructions, a diffusion model of images
 * its denoising steps, and neither the other's.
 */
class FamilyPicturesTest {
    @TempDir
    Path dir;

    private static final String DATA = """
            package tests.family
            dataset Digits = csv("%s", features 0..63, label 64) scale 1/16
                             split train 0.8, test 0.2 seed 7
            """;

    private Path write(String name, String body) throws IOException {
        Path digits = ExamplesTest.EXAMPLES.resolve("data/digits.csv").toAbsolutePath().normalize();
        Path f = dir.resolve(name).resolve(name + ".gen");
        Files.createDirectories(f.getParent());
        Files.writeString(f, DATA.formatted(digits.toString().replace("\\", "/")) + body);
        return f;
    }

    private Path run(Path gen) {
        Path out = gen.getParent().resolve("out");
        CliTest.Result r = CliTest.thermogen("run", gen.toString(), "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        return out;
    }

    @Test
    void aVaeOfImagesShowsItsReconstructions() throws IOException {
        Path out = run(write("vae", """
                network Enc = mlp(64 -> 16 relu -> [mu 2, logvar 2])
                network Dec = mlp(2 -> 16 relu -> 64 sigmoid)
                model V {
                  observed x[64] : real
                  latent z[2] ~ normal(0, I)
                  x | z ~ bernoulli(Dec(z))
                  q(z | x) = normal(Enc(x))
                  train on Digits.train with elbo { optimizer adam(lr 1e-3) epochs 1 batch 256 }
                  sample with exact
                  show samples as images(8, 8)
                }
                """));
        assertTrue(Files.isRegularFile(out.resolve("reconstructions.png")));
        assertFalse(Files.exists(out.resolve("denoising.png")));
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("above their reconstructions") && md.contains("![reconstructions](reconstructions.png)"), md);
    }

    @Test
    void aDiffusionModelOfImagesShowsItsDenoising() throws IOException {
        Path out = run(write("ddpm", """
                schedule Short = linear(beta 1e-4 .. 0.2, steps 20)
                network Eps = mlp(x + time(8) -> 16 silu -> 64)
                model D {
                  observed x[64] : real
                  diffusion with Short denoiser Eps predicts noise
                  train on Digits.train with ddpm { optimizer adam(lr 1e-3) epochs 1 batch 256 }
                  sample with ddpm(n 4)
                  show samples as images(8, 8)
                }
                """));
        assertTrue(Files.isRegularFile(out.resolve("denoising.png")));
        assertFalse(Files.exists(out.resolve("reconstructions.png")));
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("denoised step by step") && md.contains("![denoising](denoising.png)"), md);
    }
}
