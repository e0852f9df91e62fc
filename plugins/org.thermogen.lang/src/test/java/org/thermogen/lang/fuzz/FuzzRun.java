package org.thermogen.lang.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The test command's fuzzing run of {@link FrontEndFuzzTest}: a fixed number of executions
 * from a fixed seed, so that one commit always fuzzes the same inputs (a finding fails its
 * build every time, not now and then). Started by the build ({@code fuzz-front-end} in the
 * language's pom) with the test class path:
 *
 * <pre>
 * java -cp TEST_CLASSPATH org.thermogen.lang.fuzz.FuzzRun RUNS SEED
 * </pre>
 *
 * New inputs go to {@code target/fuzz-corpus} (emptied first); a crash is written to
 * {@code target/fuzz-crash-*}, to be copied into the test's inputs and fixed.
 */
public final class FuzzRun {
    private FuzzRun() {
    }

    public static void main(String[] args) throws Exception {
        String runs = args.length > 0 ? args[0] : "1500";
        String seed = args.length > 1 ? args[1] : "1";
        Path corpus = Path.of("target", "fuzz-corpus");
        delete(corpus);
        Files.createDirectories(corpus);
        Path seeds = Path.of("src/test/resources/org/thermogen/lang/fuzz/FrontEndFuzzTestInputs/"
                + "checkNeverThrowsAndWhatItAcceptsCompiles");
        com.code_intelligence.jazzer.Jazzer.main(new String[] {
            "--target_class=" + FrontEndFuzzTest.class.getName(),
            "--instrumentation_includes=org.thermogen.**",
            "-runs=" + runs, "-seed=" + seed, "-timeout=20", "-artifact_prefix=target/fuzz-",
            corpus.toString(), seeds.toString()});
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
