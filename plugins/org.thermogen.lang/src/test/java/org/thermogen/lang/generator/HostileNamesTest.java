package org.thermogen.lang.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermogen.runtime.model.ModelDefinition;

/** Whatever names and strings a .gen file holds, the generated Java compiles and means the same. */
class HostileNamesTest {
    @TempDir
    Path dir;

    @Test
    void javaKeywordsRuntimeTypeNamesAndGeneratorLocalsAsNames() {
        GeneratedModels g = GeneratedModels.of("""
                package hostile.names
                model ModelDefinition {
                  visible theta[3] : spin
                  param x[3,3] : symmetric, zero_diagonal
                  param grad[3]
                  param int
                  energy E(theta) = -sum(scale < out) x[scale,out] * theta[scale] * theta[out]
                                         - grad . theta - int * sum(ws) theta[ws]
                }
                model class {
                  observed Shape[2] : real
                  param SPEC[2]
                  energy E(Shape) = sum(e) (Shape[e] - SPEC[e])^2 + sum(e) Shape[e] * sum(e) SPEC[e]
                }
                """);
        ModelDefinition m = g.model("hostile.names.ModelDefinition");
        double[] s = {1, -1, 1};
        double[] theta = new double[m.spec().paramSize()];
        theta[1] = 0.5;   // x[0,1]
        theta[9] = 0.25;  // grad[0]
        theta[12] = 2.0;  // int
        // -x01*s0*s1 - grad0*s0 - int*(s0+s1+s2) = 0.5 - 0.25 - 2.0
        assertEquals(0.5 - 0.25 - 2.0, m.energy(s, theta), 1e-12);
        ModelDefinition c = g.model("hostile.names.class_");
        assertEquals("class", c.spec().name());
        // The inner e shadows the outer one: (Shape[0] + Shape[1]) * (SPEC[0] + SPEC[1]) = 3 * 3.
        assertEquals(9.0, c.energy(new double[] {1, 2}, new double[] {1, 2}), 1e-12);
    }

    @Test
    void stringsAndCommentsCannotEscape() throws Exception {
        // In .gen syntax: a quote, a comment end, an escaped newline and a backslash before u0022.
        String path = "we\\\"ird */ \\u000a \\\\u0022 path.csv";
        // The '/' of the comment end makes a folder.
        Files.createDirectories(dir.resolve("we\"ird *"));
        Files.writeString(dir.resolve("we\"ird */ \n \\u0022 path.csv"), "1\n2\n");
        GeneratedModels g = GeneratedModels.of("""
                package hostile.strings
                /* a comment with */ dataset D = csv("%s")
                model M { observed x : real  param m  energy E(x) = (x - m)^2 /* \\u000a */ }
                """.formatted(path), dir);
        String source = g.sources.get("hostile/strings/D.java");
        assertTrue(source.contains("CsvSource.builder().path(\"we\\\"ird */ \\n \\\\u0022 path.csv\")"), source);
        assertEquals(1.0, g.model("hostile.strings.M").energy(new double[] {2}, new double[] {1}), 1e-12);
    }
}
