package org.thermogen.runtime.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes files so that readers see either the old file or the complete new one, never a
 * part: the content goes to a temporary file in the same folder ({@code .name.123.tmp}),
 * is forced to the disk, and is then renamed over the target. On any failure the temporary
 * file is deleted and an existing target is left as it was. Missing parent folders are
 * created.
 *
 * <pre>{@code
 * AtomicFiles.writeString(out.resolve("report.md"), markdown);
 * AtomicFiles.write(out.resolve("samples.csv"), stream -> writeRows(stream));
 * }</pre>
 *
 * <p>A process killed during a write may leave a {@code .tmp} file behind; the target is
 * still intact.
 */
public final class AtomicFiles {
    /** Temporary names are unique per process and write; no randomness needed. */
    private static final AtomicLong TEMP_NAMES = new AtomicLong();
    private static final long PID = ProcessHandle.current().pid();

    private AtomicFiles() {
    }

    /** Produces a file's content; may fail half-way, which leaves the target untouched. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /** Writes {@code text} as UTF-8. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Streams content into the target; the stream is buffered and must not be closed by {@code content}. */
    public static void write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        Path temp = null;
        FileChannel opened = null;
        // Files.createTempFile would make the result readable by its owner only; a fresh
        // name opened with CREATE_NEW gets the permissions any new file gets.
        while (opened == null) {
            temp = dir.resolve("." + absolute.getFileName() + "." + PID + "-" + TEMP_NAMES.incrementAndGet() + ".tmp");
            try {
                opened = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                opened = null;
            }
        }
        try {
            try (FileChannel channel = opened) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                content.writeTo(new NonClosing(out));
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        syncDirectory(dir);
    }

    /**
     * Makes the rename itself durable. Only some platforms can open a folder for syncing
     * (Linux and macOS can, Windows cannot); where they cannot, the rename is still atomic,
     * only its durability across a power cut is up to the file system.
     */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not supported on this platform (see above); the file's content is already on disk.
        }
    }

    /** Keeps a careless {@code close()} in content code from closing the channel before it is forced. */
    private static final class NonClosing extends OutputStream {
        private final OutputStream out;

        NonClosing(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
