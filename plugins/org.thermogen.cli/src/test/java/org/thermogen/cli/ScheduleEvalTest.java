package org.thermogen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code thermogen eval} on a file of noise schedules plots them and prints their ends. */
class ScheduleEvalTest {
    @TempDir
    Path dir;

    @Test
    void plotsAlphaBarAndSnrOfEverySchedule() throws IOException {
        Path gen = dir.resolve("s.gen");
        Files.writeString(gen, """
                schedule Linear = linear(beta 1e-4 .. 0.02, steps 1000)
                schedule Slow = beta(t) = 1e-4 + (0.02 - 1e-4) * (t / T)^2 with steps 500
                """);
        Path out = dir.resolve("out");
        CliTest.Result r = CliTest.thermogen("eval", gen.toString(), "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.size(out.resolve("schedules_alpha_bar.png")) > 0);
        assertTrue(Files.size(out.resolve("schedules_snr.png")) > 0);
        // Ho et al.'s linear schedule keeps alpha_bar_1000 = prod (1 - beta_t) = 4.0358e-05 of the signal.
        assertTrue(r.out().contains("Linear: linear(beta_start 1e-4, beta_end 0.02, steps 1000); T 1000, beta_1 1.0000e-04,"
                + " beta_T 0.0200000, alpha_bar_T 4.0358e-05"), r.out());
        assertTrue(r.out().contains("Slow: beta(t) = "), r.out());
    }

    @Test
    void withoutSchedulesACheckpointIsNeeded() throws IOException {
        Path gen = dir.resolve("m.gen");
        Files.writeString(gen, """
                model M {
                  visible s[2] : spin
                  param h[2]
                  energy E(s) = -h . s
                }
                """);
        CliTest.Result r = CliTest.thermogen("eval", gen.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("give --checkpoint DIR"), r.err());
    }
}
