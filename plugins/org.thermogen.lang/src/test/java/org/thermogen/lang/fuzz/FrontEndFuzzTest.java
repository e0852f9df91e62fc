package org.thermogen.lang.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.inject.Injector;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.thermogen.lang.ThermogenStandaloneSetup;
import org.thermogen.lang.compiler.InMemoryCompiler;
import org.thermogen.lang.generator.JavaGenerator;
import org.thermogen.lang.thermogen.GenFile;
import org.thermogen.lang.validation.ThermogenValidator;

/**
 * The front end's contract, fuzzed (issue "Reliability"): for any text, {@code check}
 * (parse, link, validate) ends within a few seconds with diagnostics or success, never
 * throws and has no check that fails on its own bug; a file it accepts generates Java that
 * compiles. Without {@code JAZZER_FUZZ} the
 * test replays its inputs (every example, the hostile inputs of the issue, every crasher
 * found) from {@code src/test/resources/org/thermogen/lang/fuzz/FrontEndFuzzTestInputs/};
 * the build then fuzzes it for a fixed number of inputs ({@link FuzzRun}), and
 * {@code releng/fuzz/run} for as long as asked.
 */
public class FrontEndFuzzTest {
    private static final Injector INJECTOR = new ThermogenStandaloneSetup().createInjectorAndDoEMFRegistration();
    /** Generated sources already compiled, by hash: the fuzzer repeats accepted files often. */
    private static final Set<Integer> COMPILED = new HashSet<>();
    /** Longer than any check of a sane file; the instrumented fuzzer runs slower than a user's JVM. */
    private static final long CHECK_MILLIS = 10_000;

    @FuzzTest(maxDuration = "30s")
    void checkNeverThrowsAndWhatItAcceptsCompiles(byte[] input) throws IOException {
        fuzzerTestOneInput(input);
    }

    /** The same contract as an entry point of Jazzer's command line, for long runs ({@code releng/fuzz}). */
    public static void fuzzerTestOneInput(byte[] input) throws IOException {
        String text = new String(input, StandardCharsets.UTF_8);
        XtextResourceSet set = INJECTOR.getInstance(XtextResourceSet.class);
        Resource resource = set.createResource(URI.createURI("fuzz:/fuzz/fuzz.gen"));
        long start = System.nanoTime();
        resource.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Map.of());
        List<Issue> issues = INJECTOR.getInstance(IResourceValidator.class).validate(resource, CheckMode.ALL,
                CancelIndicator.NullImpl);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < CHECK_MILLIS, "check took " + millis + " ms");
        for (Issue i : issues) {
            // A check that threw is reported at its construct, not as an internal error; still a bug.
            assertTrue(!ThermogenValidator.CHECK_FAILED.equals(i.getCode()), i.getMessage());
        }
        boolean accepted = issues.stream().noneMatch(i -> i.getSeverity() == Severity.ERROR);
        if (!accepted || resource.getContents().isEmpty()) {
            return;
        }
        Map<String, String> sources = JavaGenerator.generate((GenFile) resource.getContents().get(0));
        if (sources.isEmpty() || !COMPILED.add(sources.hashCode())) {
            return;
        }
        InMemoryCompiler.compile(sources, FrontEndFuzzTest.class.getClassLoader());
    }
}
