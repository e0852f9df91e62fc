package org.thermogen.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sample grids while a diffusion model of images trains: written on schedule, without touching the training. */
class TrainingSnapshotsTest {
    @TempDir
    Path dir;

    private Path model(int snapshots) throws IOException {
        Path digits = ExamplesTest.EXAMPLES.resolve("data/digits.csv").toAbsolutePath().normalize();
        Path f = dir.resolve("s" + snapshots).resolve("snap.gen");
        Files.createDirectories(f.getParent());
        Files.writeString(f, """
                package tests.snap
                dataset Digits = csv("%s", features 0..63, label 64) scale 1/16 binarize 0.5 spins
                                 split train 0.8, test 0.2 seed 7
                schedule Short = linear(beta 1e-4 .. 0.2, steps 20)
                network Eps = mlp(x + time(8) -> 32 silu -> 64)
                model Snap {
                  observed x[64] : real
                  diffusion with Short denoiser Eps predicts noise
                  train on Digits.train with ddpm { optimizer adam(lr 1e-3) epochs 6 batch 256 snapshots %d }
                  sample with ddpm(n 4)
                  show samples as images(8, 8)
                }
                """.formatted(digits.toString().replace("\\", "/"), snapshots));
        return f;
    }

    private static List<String> files(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void gridsAreWrittenEvenlyAndTheTrainingIsTheSameWithoutThem() throws IOException {
        Path with = dir.resolve("with");
        Path without = dir.resolve("without");
        CliTest.Result a = CliTest.thermogen("train", model(3).toString(), "--out", with.toString());
        CliTest.Result b = CliTest.thermogen("train", model(0).toString(), "--out", without.toString());
        assertEquals(0, a.status(), a.err());
        assertEquals(0, b.status(), b.err());

        assertEquals(List.of("samples-epoch-0002.png", "samples-epoch-0004.png", "samples-epoch-0006.png"),
                files(with.resolve("progress")));
        assertFalse(Files.exists(without.resolve("progress")), "snapshots 0 writes no grids");
        List<String> params = files(with.resolve("params"));
        assertFalse(params.isEmpty());
        assertEquals(params, files(without.resolve("params")));
        for (String p : params) {
            assertArrayEquals(Files.readAllBytes(without.resolve("params").resolve(p)),
                    Files.readAllBytes(with.resolve("params").resolve(p)), p + " differs with snapshots");
        }
    }
}
