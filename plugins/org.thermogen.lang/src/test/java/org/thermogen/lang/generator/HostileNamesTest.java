package org.thermogen.lang.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermogen.runtime.definition.EnergyModel;
import org.thermogen.runtime.energy.BipartiteEnergy;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.energy.PairwiseStructure;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.rbm.BipartiteStructure;

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
        EnergyModel m = g.energyModel("hostile.names.ModelDefinition");
        double[] s = {1, -1, 1};
        double[] theta = new double[m.spec().paramSize()];
        theta[1] = 0.5;   // x[0,1]
        theta[9] = 0.25;  // grad[0]
        theta[12] = 2.0;  // int
        // -x01*s0*s1 - grad0*s0 - int*(s0+s1+s2) = 0.5 - 0.25 - 2.0
        assertEquals(0.5 - 0.25 - 2.0, m.energy(s, theta), 1e-12);
        EnergyModel c = g.energyModel("hostile.names.class_");
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
        assertEquals(1.0, g.energyModel("hostile.strings.M").energy(new double[] {2}, new double[] {1}), 1e-12);
    }

    /** Energy, parameter gradient and state gradient of two models agree at random points. */
    private static void assertSameModel(EnergyModel expected, EnergyModel actual, boolean discrete) {
        SplittableRandom random = new SplittableRandom(7);
        int n = expected.spec().stateSize();
        int p = expected.spec().paramSize();
        assertEquals(n, actual.spec().stateSize());
        assertEquals(p, actual.spec().paramSize());
        for (int trial = 0; trial < 5; trial++) {
            double[] x = new double[n];
            double[] theta = new double[p];
            for (int i = 0; i < n; i++) {
                x[i] = discrete ? random.nextInt(2) : random.nextDouble(-1, 1);
            }
            for (int i = 0; i < p; i++) {
                theta[i] = random.nextDouble(-1, 1);
            }
            assertEquals(expected.energy(x, theta), actual.energy(x, theta), 1e-12);
            double[] g1 = new double[p];
            double[] g2 = new double[p];
            expected.addParameterGradient(x, theta, 1, g1);
            actual.addParameterGradient(x, theta, 1, g2);
            assertEquals(Arrays.toString(g1), Arrays.toString(g2));
            if (!discrete) {
                double[] s1 = new double[n];
                double[] s2 = new double[n];
                expected.stateGradient(x, theta, s1);
                actual.stateGradient(x, theta, s2);
                assertEquals(Arrays.toString(s1), Arrays.toString(s2));
            }
        }
    }

    private static final String GENERAL = """
            package %1$s
            model %2$s {
              observed x[3] : real
              param a[3]
              param w
              energy E(x) = sum(%3$s) (x[%3$s] - a[%3$s])^2 + log(1 + exp(w * sum(%4$s) x[%4$s]))
            }
            """;

    private static final String PAIRWISE = """
            package %s
            model %s {
              visible s[4] : spin
              param J[4,4] : symmetric, zero_diagonal
              param h[4]
              energy E(s) = -sum(%s < %s) J[%3$s,%4$s] * s[%3$s] * s[%4$s] - sum(%3$s) h[%3$s] * s[%3$s]
            }
            """;

    /**
     * Names Java or the generated code already use for types, members and packages: the
     * classes get an underscore, the loop variables other names, and the numbers stay.
     */
    @Test
    void javaLangTypesGeneratedMembersAndPackageRootsAsNames() {
        EnergyModel general = GeneratedModels.of(GENERAL.formatted("plain", "G", "i", "j")).energyModel("plain.G");
        EnergyModel pairwise = GeneratedModels.of(PAIRWISE.formatted("plain", "P", "k", "l")).energyModel("plain.P");
        List<String> names = List.of("Math", "Override", "System", "String", "Double", "Object", "java", "org",
                "DEFINITION", "SPEC", "HIDDEN", "Couplings", "Workspace", "Integer");
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String other = names.get((i + 1) % names.size());
            GeneratedModels g = GeneratedModels.of(GENERAL.formatted("hostile.general", name, name, other));
            EnergyModel m = g.energyModel("hostile.general." + name + "_");
            assertEquals(name, m.spec().name());
            assertSameModel(general, m, false);
            GeneratedModels q = GeneratedModels.of(PAIRWISE.formatted("hostile.pairwise", name, other, name));
            EnergyModel hostile = q.energyModel("hostile.pairwise." + name + "_");
            assertSameModel(pairwise, hostile, true);
            // The couplings the Boltzmann machine trainers read, through the generated Couplings class.
            double[] theta = new SplittableRandom(3).doubles(pairwise.spec().paramSize(), -1, 1).toArray();
            PairwiseEnergy e1 = new PairwiseEnergy(4, Domain.SPIN);
            PairwiseEnergy e2 = new PairwiseEnergy(4, Domain.SPIN);
            ((PairwiseStructure) pairwise.structure()).form().couplings(theta, e1);
            ((PairwiseStructure) hostile.structure()).form().couplings(theta, e2);
            assertEquals(Arrays.toString(e1.couplings()), Arrays.toString(e2.couplings()), name);
            assertEquals(Arrays.toString(e1.biases()), Arrays.toString(e2.biases()), name);
        }
    }

    /** Once a silent miscompile: the index HIDDEN read as the generated offset of the hidden layer. */
    @Test
    void anRbmIndexNamedLikeAGeneratedConstant() {
        String rbm = """
                package rbm.%s
                model R {
                  visible v[6] : binary
                  hidden h[3] : binary
                  param W[6,3]
                  param b[6]
                  param c[3]
                  energy E(v, h) = -sum(i, %s) W[i,%2$s] * v[i] * h[%2$s] - b . v - c . h
                }
                """;
        EnergyModel plain = GeneratedModels.of(rbm.formatted("plain", "j")).energyModel("rbm.plain.R");
        double[] theta = new SplittableRandom(5).doubles(plain.spec().paramSize(), -1, 1).toArray();
        BipartiteEnergy expected = new BipartiteEnergy(6, 3, Domain.BINARY, Domain.BINARY);
        ((BipartiteStructure) plain.structure()).form().couplings(theta, expected);
        for (String name : List.of("HIDDEN", "SPEC", "V_v", "P_W", "Math")) {
            EnergyModel hostile = GeneratedModels.of(rbm.formatted("hostile", name)).energyModel("rbm.hostile.R");
            assertSameModel(plain, hostile, true);
            // The weights the RBM trainers and samplers read, through the generated Couplings class.
            BipartiteEnergy actual = new BipartiteEnergy(6, 3, Domain.BINARY, Domain.BINARY);
            ((BipartiteStructure) hostile.structure()).form().couplings(theta, actual);
            assertEquals(Arrays.toString(expected.weights()), Arrays.toString(actual.weights()), name);
            assertEquals(Arrays.toString(expected.visibleBiases()), Arrays.toString(actual.visibleBiases()), name);
            assertEquals(Arrays.toString(expected.hiddenBiases()), Arrays.toString(actual.hiddenBiases()), name);
        }
    }

    /** Case conversions in the generator follow Locale.ROOT: in Turkish, "binary" would upper-case to "BİNARY". */
    @Test
    void theDefaultLocaleDoesNotChangeTheJava() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            String text = """
                    package turkish
                    dataset D = bars_and_stripes(size 2, n 20, domain binary)
                    model Ising {
                      visible s[4] : binary
                      param J[4,4] : symmetric, zero_diagonal
                      param h[4]
                      energy E(s) = -sum(k < l) J[k,l] * s[k] * s[l] - h . s
                      train on D with moment_matching(expectation exact)
                    }
                    """;
            GeneratedModels g = GeneratedModels.of(text);
            assertTrue(g.sources.get("turkish/D.java").contains("Domain.BINARY"), g.sources.get("turkish/D.java"));
            assertEquals("binary", g.model("turkish.Ising").spec().variables().get(0).domain().name()
                    .toLowerCase(Locale.ROOT));
        } finally {
            Locale.setDefault(before);
        }
    }
}
