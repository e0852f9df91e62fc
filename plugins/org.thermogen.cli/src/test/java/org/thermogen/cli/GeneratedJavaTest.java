package org.thermogen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.thermogen.cli.load.GenWorkspace;

/**
 * The Java generated for every example, compared with the reviewed copy in
 * {@code src/test/golden/EXAMPLE/}, so that a change of the generator shows as a diff of
 * Java in the commit that makes it. After a deliberate change, rewrite the copies and
 * review their diff:
 *
 * <pre>
 * ./mvnw -B test -P '!eclipse' -pl plugins/org.thermogen.cli -am -Dtest=GeneratedJavaTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dthermogen.golden.update=true
 * git diff plugins/org.thermogen.cli/src/test/golden
 * </pre>
 */
class GeneratedJavaTest {
    static final Path GOLDEN = Path.of("src/test/golden");
    static final boolean UPDATE = Boolean.getBoolean("thermogen.golden.update");

    /** An example's generated Java: its folder name and its sources by path. */
    private record Generated(String stem, Map<String, String> sources) {
    }

    /** Each example parsed, validated and generated once for the three checks below. */
    private static final Map<Path, Generated> GENERATED = new java.util.concurrent.ConcurrentHashMap<>();

    private static Generated generated(Path example) {
        return GENERATED.computeIfAbsent(example, e -> {
            GenWorkspace workspace = GenWorkspace.load(e);
            return new Generated(workspace.stem(), workspace.javaSources());
        });
    }

    static Stream<Path> examples() throws IOException {
        return ExamplesTest.examples();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void generatedJavaIsTheReviewedCopy(Path example) throws IOException {
        Map<String, String> sources = generated(example).sources();
        Path folder = GOLDEN.resolve(generated(example).stem());
        if (UPDATE) {
            if (Files.isDirectory(folder)) {
                try (Stream<Path> old = Files.walk(folder)) {
                    for (Path p : old.sorted((a, b) -> b.compareTo(a)).toList()) {
                        Files.delete(p);
                    }
                }
            }
            for (Map.Entry<String, String> e : sources.entrySet()) {
                Path file = folder.resolve(e.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue());
            }
            return;
        }
        TreeSet<String> expected = new TreeSet<>();
        if (Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.walk(folder)) {
                files.filter(Files::isRegularFile).forEach(p -> expected.add(folder.relativize(p).toString().replace('\\', '/')));
            }
        }
        assertEquals(expected, new TreeSet<>(sources.keySet()),
                "the generated files of " + example + " differ from " + folder + " (rewrite with -Dthermogen.golden.update=true)");
        for (Map.Entry<String, String> e : sources.entrySet()) {
            String want = Files.readString(folder.resolve(e.getKey()));
            if (!want.equals(e.getValue())) {
                fail(firstDifference(folder.resolve(e.getKey()), want, e.getValue())
                        + " (review the change; rewrite the copies with -Dthermogen.golden.update=true)");
            }
        }
    }

    /**
     * No generated member exists only to throw: a model without an energy (mixture, VAE,
     * diffusion) has no energy methods rather than ones that refuse.
     */
    @ParameterizedTest
    @MethodSource("examples")
    void noGeneratedMethodOnlyThrows(Path example) throws IOException {
        for (Map.Entry<String, String> e : generated(example).sources().entrySet()) {
            assertFalse(e.getValue().contains("UnsupportedOperationException"), e.getKey() + " has a method that only throws");
        }
    }

    /** Every public member of a generated class has its Javadoc: the classes are an API people embed. */
    @ParameterizedTest
    @MethodSource("examples")
    void everyPublicMemberHasJavadoc(Path example) throws IOException {
        for (Map.Entry<String, String> e : generated(example).sources().entrySet()) {
            List<String> lines = e.getValue().lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).strip().startsWith("public ")) {
                    continue;
                }
                int j = i - 1;
                while (j >= 0 && lines.get(j).strip().startsWith("@")) {
                    j--;
                }
                assertTrue(j >= 0 && lines.get(j).strip().endsWith("*/"),
                        e.getKey() + ":" + (i + 1) + ": no Javadoc for " + lines.get(i).strip());
            }
        }
    }

    /** Where two texts first differ, as {@code file:line} with both lines. */
    static String firstDifference(Path file, String want, String got) {
        List<String> a = want.lines().toList();
        List<String> b = got.lines().toList();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            String x = i < a.size() ? a.get(i) : "<end of file>";
            String y = i < b.size() ? b.get(i) : "<end of file>";
            if (!x.equals(y)) {
                return file + ":" + (i + 1) + ": the generator now writes\n  " + y + "\ninstead of\n  " + x;
            }
        }
        return file + ": differs in line endings";
    }
}
