package org.thermogen.runtime.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.compute.Backend;

/**
 * With this jar on the class path but Java started without the Vector API module, the
 * runtime computes with its scalar kernels and says why in one line; asked for the vector
 * kernels by name, it refuses with the same reason. Each case in a child JVM, whose module
 * graph is fixed when it starts.
 */
class FallbackTest {

    /** Prints the kernels the runtime chose. */
    public static void main(String[] args) {
        try {
            System.out.println("kernels " + Backend.kernels().name());
        } catch (IllegalStateException e) {
            System.out.println("refused: " + e.getMessage());
        }
    }

    private static List<String> run(String... options) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java));
        command.addAll(List.of(options));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), FallbackTest.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return out.lines().filter(l -> !l.startsWith("WARNING: Using incubator modules")).toList();
    }

    @Test
    void withoutTheModuleTheScalarKernelsRunAfterOneLineOfNotice() throws Exception {
        assertEquals(List.of("thermogen: SIMD kernels unavailable (the Vector API needs Java started with --add-modules"
                + " jdk.incubator.vector); computing with scalar Java code", "kernels scalar"), run());
        assertEquals(List.of("refused: the vector backend is not available: the Vector API needs Java started with"
                + " --add-modules jdk.incubator.vector"), run("-Dthermogen.backend=vector"));
        assertEquals(List.of("kernels vector"), run("--add-modules", "jdk.incubator.vector"));
        assertEquals(List.of("kernels scalar"), run("--add-modules", "jdk.incubator.vector", "-Dthermogen.backend=scalar"));
    }
}
