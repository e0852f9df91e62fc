package org.thermogen.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void writesAndReplacesCreatingFolders() throws IOException {
        Path f = dir.resolve("a/b/report.md");
        AtomicFiles.writeString(f, "first");
        AtomicFiles.writeString(f, "second \u03b2");
        assertEquals("second \u03b2", Files.readString(f));
        assertEquals(List.of(f), listing(f.getParent()));
    }

    @Test
    void failureHalfWayLeavesThePreviousFileAndNoTemporaryFile() throws IOException {
        Path f = dir.resolve("samples.csv");
        AtomicFiles.writeString(f, "old content");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write("new content, half of it".getBytes(StandardCharsets.UTF_8));
            out.flush();
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals("old content", Files.readString(f));
        assertEquals(List.of(f), listing(dir));

        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(f, out -> {
            out.write(new byte[100_000]);
            throw new IllegalStateException("a bug in the content code");
        }));
        assertEquals("old content", Files.readString(f));
        assertEquals(List.of(f), listing(dir));
    }

    @Test
    void failedMoveDeletesTheTemporaryFile() throws IOException {
        Path target = dir.resolve("occupied");
        Files.createDirectories(target.resolve("child"));
        assertThrows(IOException.class, () -> AtomicFiles.writeString(target, "x"));
        assertEquals(List.of(target), listing(dir));
        assertTrue(Files.isDirectory(target.resolve("child")));
    }

    @Test
    void closingTheStreamInContentCodeDoesNoHarm() throws IOException {
        Path f = dir.resolve("c.txt");
        AtomicFiles.write(f, out -> {
            out.write('x');
            out.close();
        });
        assertEquals("x", Files.readString(f));
    }

    @Test
    void filesAreNotPrivateToTheOwner() throws IOException {
        Path f = dir.resolve("p.txt");
        AtomicFiles.writeString(f, "x");
        if (Files.getFileStore(f).supportsFileAttributeView("posix")) {
            Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
            Set<PosixFilePermission> expected = Files.getPosixFilePermissions(plain);
            assertEquals(expected, Files.getPosixFilePermissions(f), "same permissions as any new file");
        }
        assertFalse(Files.isDirectory(f));
    }
}
