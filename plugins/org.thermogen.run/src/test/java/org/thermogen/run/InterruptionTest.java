package org.thermogen.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.io.Checkpoint;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.train.MetricsHistory;
import org.thermogen.runtime.train.Trainer;
import org.thermogen.runtime.train.TrainingResult;

/**
 * Faults from outside, in a child JVM that trains as the command line does: SIGTERM (what
 * Ctrl-C, {@code kill} and a launch's Terminate send) stops training with "interrupted",
 * the loss history and the last checkpoint; {@code kill -9} at random moments always leaves
 * a checkpoint that loads.
 */
class InterruptionTest {
    @TempDir
    Path dir;

    /** Moves mu a little towards the data's mean each epoch, for as long as it is let. */
    static final class Endless implements Trainer {
        @Override
        public String describe() {
            return "endless";
        }

        @Override
        public TrainingResult train(Model model, double[] initial, Dataset data, RunContext context) {
            double[] mean = Fixtures.mean(data);
            double[] theta = initial.clone();
            ProgressListener l = context.listener();
            l.begin("train", Long.MAX_VALUE);
            for (long e = 1; ; e++) {
                context.checkCancelled();
                theta[0] += 1e-3 * (mean[0] - theta[0]);
                theta[1] += 1e-3 * (mean[1] - theta[1]);
                double err = (mean[0] - theta[0]) * (mean[0] - theta[0]) + (mean[1] - theta[1]) * (mean[1] - theta[1]);
                l.step(e, Map.of("squared_error", err));
                l.snapshot(e, theta);
                LockSupport.parkNanos(200_000);
                if (e == Long.MAX_VALUE) {
                    return new TrainingResult(theta, new MetricsHistory("epoch"), Map.of());
                }
            }
        }
    }

    /** Trains into {@code args[0]}, checkpointing every {@code args[1]} ms, as a command does. */
    public static void main(String[] args) {
        Path out = Path.of(args[0]);
        Duration interval = Duration.ofMillis(Long.parseLong(args[1]));
        System.exit(Interruption.run("training", 0, () -> {
            try (RunContext context = new RunContext(1, out.getParent(), new ProgressListener() { }, 1)) {
                new Job(body(), context, out).withCheckpointInterval(interval).train(OptionalInt.empty());
                return 0;
            } catch (CancellationException e) {
                System.err.println(e.getMessage());
                return 1;
            } catch (IOException | RuntimeException e) {
                e.printStackTrace();
                return 2;
            }
        }));
    }

    private static Fixtures.Body body() {
        return new Fixtures.Body(new Endless(), List.of(), List.of());
    }

    private Process start(Path out, long intervalMillis) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                InterruptionTest.class.getName(), out.toString(), Long.toString(intervalMillis))
                .redirectOutput(dir.resolve("child.out").toFile()).redirectError(dir.resolve("child.err").toFile())
                .start();
    }

    private static void awaitCheckpoint(Path out, Process p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(out.resolve(Checkpoint.FILE_NAME))) {
            assertTrue(p.isAlive() && System.nanoTime() < deadline, "the child wrote no checkpoint");
            Thread.sleep(20);
        }
    }

    @Test
    void sigtermSaysInterruptedAndKeepsTheCheckpointAndTheLossHistory() throws Exception {
        Path out = dir.resolve("out");
        Process p = start(out, 100);
        awaitCheckpoint(out, p);
        Thread.sleep(300);
        p.destroy();   // SIGTERM
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String err = Files.readString(dir.resolve("child.err"), StandardCharsets.UTF_8).strip();
        assertEquals(143, p.exitValue(), "the JVM's status after SIGTERM (128 + 15): " + err);
        List<String> metrics = Files.readAllLines(out.resolve(Job.METRICS));
        String lastEpoch = metrics.get(metrics.size() - 1).split(",")[0];
        assertTrue(metrics.size() > 10 && metrics.get(0).equals("epoch,squared_error"), metrics.get(0));
        assertTrue(err.matches("body\\.gen:5: Body: training interrupted at epoch " + lastEpoch
                + "; the checkpoint of epoch \\d+ is kept in " + java.util.regex.Pattern.quote(out.toString())
                + ", the losses up to there in metrics\\.csv and loss\\.png"), err);
        assertTrue(Files.size(out.resolve(Job.LOSS_PLOT)) > 0);
        long kept = Long.parseLong(err.replaceAll(".*the checkpoint of epoch (\\d+) .*", "$1"));
        assertTrue(kept <= Long.parseLong(lastEpoch) && kept > 0, err);
        Checkpoint.read(out, body().spec());
    }

    @Test
    void killNineAtRandomMomentsAlwaysLeavesACheckpointThatLoads() throws Exception {
        Path out = dir.resolve("out");
        SplittableRandom random = new SplittableRandom(7);
        for (int kill = 0; kill < 8; kill++) {
            // Every epoch writes a checkpoint, so most kills land in a write.
            java.nio.file.attribute.FileTime before = Files.exists(out.resolve(Checkpoint.FILE_NAME))
                    ? Files.getLastModifiedTime(out.resolve(Checkpoint.FILE_NAME)) : null;
            Process p = start(out, 0);
            // Once this run is writing checkpoints, at a random moment among its writes.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(out.resolve(Checkpoint.FILE_NAME))
                    || Files.getLastModifiedTime(out.resolve(Checkpoint.FILE_NAME)).equals(before)) {
                assertTrue(p.isAlive() && System.nanoTime() < deadline, "the child wrote no checkpoint");
                Thread.sleep(5);
            }
            Thread.sleep(random.nextInt(0, 200));
            p.destroyForcibly();   // SIGKILL: no hook runs
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(body().spec().paramSize(), Checkpoint.read(out, body().spec()).theta().length, "kill " + kill);
        }
        // The exports beside it are the checkpoint's, or marked as a write that was cut short.
        double[] theta = Checkpoint.read(out, body().spec()).theta();
        if (!Files.exists(out.resolve("params/.writing"))) {
            assertArrayEquals(java.util.Arrays.copyOfRange(theta, 0, 2),
                    org.thermogen.runtime.io.Npy.read(out.resolve("params/mu.npy")).values());
        }
    }
}
