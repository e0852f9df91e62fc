package org.thermogen.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputLockTest {
    @TempDir
    Path base;

    @Test
    void aSecondRunInTheSameFolderIsRefusedUntilTheFirstEnds() throws IOException {
        Path out = base.resolve("out");
        try (OutputLock first = OutputLock.acquire(out)) {
            JobException e = assertThrows(JobException.class, () -> OutputLock.acquire(out));
            assertEquals(out + ": another Thermogen run is writing to this folder (process " + ProcessHandle.current().pid()
                    + "); wait for it to finish, or give this run another output folder (--out)", e.getMessage());
            // Another folder is free.
            OutputLock.acquire(base.resolve("other")).close();
        }
        OutputLock.acquire(out).close();
    }

    /** The lock is the operating system's: another process is refused, and a killed holder leaves no stale lock. */
    @Test
    void anotherProcessIsRefusedAndAKilledHolderReleasesIt() throws Exception {
        Path out = base.resolve("out");
        Path ready = base.resolve("ready");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Holder.class.getName(),
                out.toString(), ready.toString()).inheritIO().start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(ready) && System.nanoTime() < deadline && holder.isAlive()) {
                Thread.sleep(50);
            }
            assertTrue(Files.exists(ready), "the holder process did not take the lock");
            JobException e = assertThrows(JobException.class, () -> OutputLock.acquire(out));
            assertTrue(e.getMessage().contains("(process " + holder.pid() + ")"), e.getMessage());
        } finally {
            holder.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        OutputLock.acquire(out).close();
    }

    /** Takes the lock, says so, and holds it until killed. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            OutputLock lock = OutputLock.acquire(Path.of(args[0]));
            Files.writeString(Path.of(args[1]), "locked");
            Thread.sleep(TimeUnit.MINUTES.toMillis(5));
            lock.close();
        }
    }
}
