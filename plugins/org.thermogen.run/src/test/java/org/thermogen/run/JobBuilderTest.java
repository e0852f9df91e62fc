package org.thermogen.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermogen.runtime.io.Checkpoint;
import org.thermogen.runtime.train.TrainingResult;

/**
 * The run settings from Java: seed, threads, data folder, output folder, epochs and listener
 * reach the run as the command line's options do, the checkpoint saves the trained
 * parameters with their provenance and reads back to the same bits, and the same settings
 * give the same parameters on any number of threads.
 */
class JobBuilderTest {
    @TempDir
    Path base;

    private static Fixtures.Body body() {
        return new Fixtures.Body(new Fixtures.HalvingTrainer(9), List.of(new Fixtures.ShiftSampler()),
                List.of(new Fixtures.DistanceEvaluation()));
    }

    @Test
    void settingsReachTheRunAndTheCheckpointReadsBack() throws IOException {
        Fixtures.Recorder heard = new Fixtures.Recorder();
        Path out = base.resolve("out");
        Fixtures.Body model = body();
        double[] theta;
        try (Job job = Job.builder(model).seed(11).threads(2).data(base).out(out).epochs(4).listener(heard).build()) {
            TrainingResult r = job.train();
            theta = r.theta();
            assertEquals(out, job.outDir());
            assertEquals(4, r.history().rows().size(), "epochs 4 from the builder, not the clause's 9");
        }
        assertTrue(heard.tasks.stream().anyMatch(t -> t.startsWith("train")), "the listener heard the training: " + heard.tasks);
        assertTrue(Files.isRegularFile(out.resolve(Checkpoint.FILE_NAME)));
        Checkpoint saved = Checkpoint.read(out, model.spec());
        assertArrayEquals(theta, saved.theta());
        assertEquals(11, saved.provenance().seed());

        try (Job again = Job.builder(model).seed(11).threads(1).data(base).out(base.resolve("again")).epochs(4).build()) {
            assertArrayEquals(theta, again.train().theta(), "the same settings on one thread: the same parameters");
        }
    }

    @Test
    void settingsOutOfRangeAreRefusedAtOnce() {
        assertThrows(IllegalArgumentException.class, () -> Job.builder(body()).threads(0));
        assertThrows(IllegalArgumentException.class, () -> Job.builder(body()).epochs(0));
        assertThrows(IllegalArgumentException.class, () -> Job.builder(body()).checkpointInterval(java.time.Duration.ofSeconds(-1)));
    }
}
