package org.thermogen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.thermogen.cli.load.GenWorkspace;
import org.thermogen.run.SourceLines;
import org.thermogen.runtime.definition.ModelDefinition;

/**
 * The line table of a generated model class: every energy term's code, and the model's
 * declaration, map back to the .gen line they come from, as a stack trace through them is
 * read back.
 */
class LineTableTest {
    private static final Pattern TERM = Pattern.compile("^\\s*// ([^:]+\\.gen):(\\d+): ");

    @ParameterizedTest
    @ValueSource(strings = {"ising.gen", "rbm-digits.gen", "gaussian.gen", "double-well.gen"})
    void everyEnergyTermMapsToItsGenLine(String example) throws Exception {
        GenWorkspace workspace = GenWorkspace.load(ExamplesTest.EXAMPLES.resolve(example));
        ModelDefinition model = workspace.models().get(0);
        String table = (String) model.getClass().getField("SOURCE_LINES").get(null);
        String javaPath = model.getClass().getName().replace('.', '/') + ".java";
        String[] lines = workspace.javaSources().get(javaPath).split("\n", -1);
        int checked = 0;
        for (int i = 0; i < lines.length; i++) {
            Matcher m = TERM.matcher(lines[i]);
            if (!m.find()) {
                continue;
            }
            // The comment names the term's .gen line; the code under it must map there.
            int code = i + 2;  // the next line, 1-based
            assertEquals(Optional.of(m.group(1) + ":" + m.group(2)), position(model, code), "Java line " + code
                    + " of " + javaPath + ": " + lines[i + 1].strip());
            checked++;
        }
        assertTrue(checked > 0, "no energy term comment in " + javaPath);
        int declaration = indexOf(lines, "public final class ") + 1;
        assertEquals(Optional.of(Path.of(example).getFileName() + ":" + model.spec().sourceLine()),
                position(model, declaration), table.substring(0, Math.min(200, table.length())));
    }

    private static Optional<String> position(ModelDefinition model, int javaLine) {
        RuntimeException e = new RuntimeException();
        e.setStackTrace(new StackTraceElement[] {new StackTraceElement(model.getClass().getName(), "energy",
                model.getClass().getSimpleName() + ".java", javaLine)});
        return SourceLines.of(e);
    }

    private static int indexOf(String[] lines, String start) {
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith(start)) {
                return i;
            }
        }
        throw new AssertionError("no line starts with " + start);
    }

}
