package org.thermogen.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CSV file with more rows than the heap can keep is refused with one line naming the
 * file, not an OutOfMemoryError: read in a child JVM of 32 MB, which keeps at most 1M values.
 */
class CsvMemoryLimitTest {
    @TempDir
    Path dir;

    /** Reads {@code args[0]} (folder) / {@code args[1]} (file) and prints the outcome. */
    public static void main(String[] args) {
        try {
            Dataset d = CsvSource.builder().path(args[1]).build().read(Path.of(args[0]), "D");
            System.out.println("read " + d.rows() + " rows");
        } catch (DataException e) {
            System.out.println("refused: " + e.getMessage());
        } catch (OutOfMemoryError e) {
            System.out.println("out of memory");
        }
    }

    @Test
    void moreRowsThanTheHeapKeepsAreRefusedInOneLine() throws IOException, InterruptedException {
        Path csv = dir.resolve("big.csv");
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.US_ASCII)) {
            for (int r = 0; r < 300_000; r++) {
                w.write("1,2,3,4\n");   // 1.2M values: more than a quarter of 32 MB holds
            }
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx32m", "-cp", System.getProperty("java.class.path"),
                CsvMemoryLimitTest.class.getName(), dir.toString(), "big.csv").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.startsWith("refused: ") && out.contains("more than this Java can keep") && out.contains("big.csv"),
                out);
    }
}
