package org.thermogen.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One run at a time in an output folder: two runs writing to one folder would leave it
 * holding a mix of both. The lock is the operating system's on the file {@value #FILE} in
 * the folder, so it goes with the process however that ends ({@code kill -9} included) and
 * never needs cleaning up.
 *
 * <pre>{@code
 * try (OutputLock lock = OutputLock.acquire(out)) {
 *     new Job(model, context, out).run(OptionalInt.empty());
 * }
 * }</pre>
 */
public final class OutputLock implements AutoCloseable {
    /** The lock file's name in the output folder. */
    public static final String FILE = ".thermogen.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private OutputLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code outDir} (made if missing) for this run.
     *
     * @throws JobException if another run holds it, naming that run's process
     * @throws IOException  if the folder or its lock file cannot be written
     */
    public static OutputLock acquire(Path outDir) throws IOException {
        Files.createDirectories(outDir);
        Path file = outDir.resolve(FILE);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;  // this JVM holds it already: another job of the same application
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            String holder = holder(channel);
            channel.close();
            throw new JobException(outDir + ": another Thermogen run is writing to this folder" + holder
                    + "; wait for it to finish, or give this run another output folder (--out)");
        }
        String me = " (process " + ProcessHandle.current().pid() + ")";
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
        return new OutputLock(channel, lock);
    }

    private static String holder(FileChannel channel) {
        try {
            ByteBuffer b = ByteBuffer.allocate(64);
            int n = channel.read(b, 0);
            return n <= 0 ? "" : new String(b.array(), 0, n, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
