package org.thermogen.lang.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Injector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermogen.lang.ThermogenStandaloneSetup;

/** Every message names the place and says what to change. */
class ValidationTest {
    private static final Injector INJECTOR = new ThermogenStandaloneSetup().createInjectorAndDoEMFRegistration();

    @TempDir
    Path dir;

    private List<Issue> errorIssues(String text) throws IOException {
        Path file = dir.resolve("m.gen");
        Files.writeString(file, text);
        XtextResourceSet set = INJECTOR.getInstance(XtextResourceSet.class);
        Resource r = set.getResource(URI.createFileURI(file.toString()), true);
        List<Issue> issues = INJECTOR.getInstance(IResourceValidator.class).validate(r, CheckMode.ALL, CancelIndicator.NullImpl);
        return issues.stream().filter(i -> i.getSeverity() == Severity.ERROR).collect(Collectors.toList());
    }

    private List<String> errors(String text) throws IOException {
        return errorIssues(text).stream().map(i -> i.getLineNumber() + ":" + i.getColumn() + ": " + i.getMessage())
                .collect(Collectors.toList());
    }

    /** The issue data of each error, joined by "|": what the editor's quick fixes read. */
    private List<String> errorData(String text) throws IOException {
        return errorIssues(text).stream().map(i -> i.getData() == null ? "" : String.join("|", i.getData()))
                .collect(Collectors.toList());
    }

    @Test
    void aMisspeltWordCarriesTheWordAndItsSuggestionAsIssueData() throws IOException {
        String model = """
                dataset D = boltzmann_samples(units 4)
                model Ising {
                  visible s[4] : spin
                  param J[4,4] : symmetric, zero_diagonl
                  param h[4]
                  energy E(s) = -sum(k < l) J[k,l] * s[k] * s[l] - h . s + 0 * exq(h[0]) - hh . s
                  train on D with pcdd
                  sample with gibbs(chainz 4)
                }
                """;
        List<String> data = errorData(model);
        for (String want : List.of("zero_diagonl|zero_diagonal", "exq|exp", "hh|h", "pcdd|pcd", "chainz|chains")) {
            assertTrue(data.contains(want), () -> want + " not among " + data);
        }
    }

    private void assertOneError(String text, String position, String message) throws IOException {
        List<String> errors = errors(text);
        assertEquals(1, errors.size(), () -> "expected one error, got " + errors);
        assertTrue(errors.get(0).startsWith(position + ": "), () -> "position of " + errors.get(0));
        assertTrue(errors.get(0).contains(message), () -> "message " + errors.get(0));
    }

    private static final String ISING = """
            model Ising {
              visible s[4] : spin
              param J[4,4] : symmetric, zero_diagonal
              param h[4]
              energy E(s) = -sum(k < l) J[k,l] * s[k] * s[l] - h . s
            }
            """;

    @Test
    void aCorrectModelHasNoErrors() throws IOException {
        assertEquals(List.of(), errors(ISING));
    }

    @Test
    void packagesTheGeneratedClassesCannotLiveInAreRefusedAtTheName() throws IOException {
        assertOneError("package java\n" + ISING, "1:9", "packages under java are the JDK's own");
        assertOneError("package java.lang\n" + ISING, "1:9", "packages under java are the JDK's own");
        assertOneError("package javax.swing\n" + ISING, "1:9", "belongs to the JDK's module java.desktop");
        assertOneError("package org.thermogen.runtime.model\n" + ISING, "1:9",
                "package org.thermogen.runtime is Thermogen's own");
        assertOneError("package x.class\n" + ISING, "1:9", "'class' is a Java keyword");
        // Next to them, what is allowed: a java segment further in, keywords of the language.
        assertEquals(List.of(), errors("package my.java.models\n" + ISING));
        assertEquals(List.of(), errors("package hidden.visible.model.energy\nimport hidden.visible.model.energy.*\n" + ISING));
    }

    @Test
    void aForgottenTransposeIsAShapeErrorNotACrash() throws IOException {
        assertOneError("""
                model R {
                  visible v[4] : binary
                  param J[4,4]
                  energy E(v) = -(v * J) . v
                }
                """, "4:19", "cannot multiply the column vector v[4] by the matrix J[4,4]: transpose the vector");
    }

    @Test
    void bracketsNestedThousandsDeepAreAnErrorAtTheirPlace() throws IOException {
        String deep = "(".repeat(3000) + "h . s" + ")".repeat(3000);
        List<String> errors = errors(ISING.replace("- h . s", "- " + deep));
        assertEquals(1, errors.size(), errors::toString);
        // Line 5, at the 100th parenthesis: with the model's brace, the first 100 levels are read as written.
        int column = ISING.lines().toList().get(4).indexOf("- h . s") + 3 + 99;
        assertTrue(errors.get(0).startsWith("5:" + column + ": brackets are nested more than 100 deep"), errors.get(0));
        // Up to the limit, nesting is no error at all.
        String fine = "(".repeat(99) + "h . s" + ")".repeat(99);
        assertEquals(List.of(), errors(ISING.replace("- h . s", "- " + fine)));
        // Deep without brackets: still an error, never a stack overflow.
        assertTrue(errors(ISING.replace("- h . s", "-" + " -".repeat(50_000) + " h . s")).size() >= 1);
    }

    @Test
    void wholeNumbersBeyondJavasIntAreRefusedAtTheToken() throws IOException {
        assertOneError("dataset D = bars_and_stripes(size 2, n 20)\n" + ISING.replace("}\n",
                "  sample with gibbs(chains 1e10, sweeps 10)\n}\n"), "7:28", "chains must be below 2^31 (2147483647), not 1e10");
    }

    @Test
    void settingsTheRuntimeRefusesAreRefusedAtTheCallInItsWords() throws IOException {
        String model = "dataset D = bars_and_stripes(size 2, n 20)\n" + ISING.replace("}\n", "  %s\n}\n");
        assertOneError(model.formatted("sample with gibbs(chains 8, sweeps 100, thin 0)"), "7:15",
                "gibbs needs chains, sweeps and thin of at least 1 and burnin of at least 0");
        assertOneError(model.formatted("sample with gibbs(chains 2, sweeps 2e9)"), "7:15",
                "gibbs keeps chains 2 x sweeps 2000000000 / thin 1 = 4000000000 samples, more than the 2147483639 one run"
                        + " can hold: use fewer chains or sweeps, or a larger thin");
        // Within an int, but not within this Java's memory: 1e9 samples of 4 units are 32 GB.
        assertOneError(model.formatted("sample with gibbs(chains 1000, sweeps 1000000)"), "7:15",
                "gibbs keeps 1000000000 samples of 4 units (32.0 GB), more than half of the ");
        assertOneError(model.formatted("train on D with moment_matching(expectation exact) { epochs 0 }"), "7:19",
                "epochs");
        assertEquals(List.of(), errors(model.formatted("sample with gibbs(chains 8, sweeps 100, thin 2)")));
        // A slip of an exponent: refused at the trainer, with the limit and what to do.
        assertOneError(model.formatted("train on D with moment_matching(expectation exact) { epochs 2e9 }"), "7:19",
                "moment_matching trains at most 1000000 epochs in one run, not 2000000000");
        // Said once, at the second one (the sampler is bound again to build it for the metrics).
        assertOneError(model.formatted("sample with gibbs(chains 2, chains 3)"), "7:31", "chains is given twice");
        // Through a catalogue entry's fixed calls (.sweeps(20).burnin(10)) and a nested ladder.
        assertOneError(model.formatted("train on D with moment_matching(expectation parallel_tempering("
                + "temperatures geometric(1, 3, 4), swap_every 0))"), "7:19", "parallel_tempering needs sweeps, thin and"
                + " swap_every of at least 1");
        assertEquals(List.of(), errors(model.formatted("train on D with moment_matching(expectation parallel_tempering("
                + "temperatures geometric(1, 3, 4)))")));
    }

    @Test
    void modelsTooLargeForAnArrayOrThisMemoryAreRefusedBeforeAnythingIsAllocated() throws IOException {
        assertOneError("""
                model Big {
                  observed x[65536] : real
                  param W[65536,65536]
                  energy E(x) = x' * W * x
                }
                """, "3:9", "parameter W has 4294967296 elements: more than the 2147483639 a model can hold");
        List<String> errors = errors("""
                model Big {
                  observed x[40000] : real
                  param W[40000,40000]
                  energy E(x) = x' * W * x
                }
                """);
        assertEquals(1, errors.size(), errors::toString);
        assertTrue(errors.get(0).startsWith("3:9: Big has 1600000000 parameters (12.8 GB; training keeps several copies),"
                + " more than this Java's "), errors.get(0));
    }

    @Test
    void dataSourcesTheRuntimeRefusesAreRefusedAtTheSource() throws IOException {
        assertOneError("dataset D = blobs(n 0, centers 2, dim 2)\n", "1:13", "blobs n must be at least 1, not 0");
        assertOneError("dataset D = gaussian(n 100, mean [0, 0], cov [[1, 2], [2, 1]])\n", "1:13",
                "gaussian cov is not positive definite");
        assertEquals(List.of(), errors("dataset D = gaussian(n 100, mean [0, 0], cov [[1, 0.5], [0.5, 1]])\n"));
    }

    @Test
    void noiseSchedulesAreLimitedInStepsSoCheckingStaysFast() throws IOException {
        // Once 75 s to check (a formula evaluated at every step), and an out-of-memory when run.
        assertOneError("schedule S = beta(t) = 0.01 with steps 2000000000\n", "1:40",
                "a noise schedule has at most 100000 steps, not 2000000000");
        assertOneError("schedule C = cosine(steps 1e9)\n", "1:27", "a noise schedule has at most 100000 steps, not 1000000000");
        assertEquals(List.of(), errors("schedule C = cosine(steps 1000)\n"));
    }

    @Test
    void constantsStandWhereverANumberDoesInSettingsToo() throws IOException {
        assertEquals(List.of(), errors("""
                const N = 6
                dataset S = boltzmann_samples(units N, n 10 * N)
                model T {
                  visible s[N] : spin
                  param h[N]
                  energy E(s) = -h . s
                  train on S with moment_matching(expectation exact) { epochs N }
                }
                """));
    }

    /**
     * Once 255 s and then a stack overflow for 2000 terms: each of the 4000 references
     * computed the outer scope afresh. A hang guard, not a timing: it takes about a second.
     */
    @Test
    void anEnergyOfThousandsOfTermsChecksWithoutHangingOrOverflowing() {
        StringBuilder terms = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            terms.append(i == 0 ? "" : " + ").append("h[").append(i % 4).append("] * s[").append(i % 4).append(']');
        }
        String model = ISING.replace("-sum(k < l) J[k,l] * s[k] * s[l] - h . s", "-(" + terms + ")");
        List<String> errors = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
                () -> errors(model));
        assertEquals(List.of(), errors);
    }

    @Test
    void unknownNamesSuggestTheClosest() throws IOException {
        assertOneError(ISING.replace("- h . s", "- hh . s"), "5:52", "unknown name hh: did you mean h?");
    }

    @Test
    void duplicateNames() throws IOException {
        assertOneError(ISING.replace("param h[4]", "param h[4]\n  param J[2]"), "5:9",
                "duplicate name J in model Ising");
    }

    @Test
    void shapeMismatchNamesBothShapes() throws IOException {
        assertOneError("""
                model Rbm {
                  visible v[64] : binary
                  hidden h[50] : binary
                  param W[64,100]
                  energy E(v, h) = -(v . W . h)
                }
                """, "5:22", "cannot contract [100] . h[50]: the contracted dimensions 100 and 50 differ");
        assertOneError("""
                model M {
                  observed x[2] : real
                  param A[3,3]
                  energy E(x) = x' * A * x
                }
                """, "4:17", "cannot multiply [2]' by A[3,3]: the inner dimensions 2 and 3 differ");
    }

    @Test
    void exactExpectationsBeyondTwentyFourUnitsSuggestGibbs() throws IOException {
        List<String> errors = errors("""
                dataset D = boltzmann_samples(units 30, n 100)
                model Big {
                  visible s[30] : spin
                  param h[30]
                  energy E(s) = -h . s
                  train on D with moment_matching(expectation exact)
                }
                """);
        // The data cannot be drawn either: exact samples of 30 units, which the source itself refuses.
        assertEquals(List.of("1:13: boltzmann_samples draws exact samples by enumerating 2^30 states, limited to 24 units:"
                + " give units 24 or fewer", "6:47: exact expectations enumerate 2^30 states; beyond 24 units use expectation"
                + " gibbs(chains 16, sweeps 20)"), errors);
    }

    @Test
    void aMissingDataFileIsNamed() throws IOException {
        assertOneError("dataset D = csv(\"data/none.csv\")\n", "1:17",
                "data/none.csv: no such file (looked for " + dir.resolve("data/none.csv"));
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/none.csv"), "1,2\n");
        assertEquals(List.of(), errors("dataset D = csv(\"data/none.csv\")\n"));
    }

    @Test
    void unknownSamplerAndSetting() throws IOException {
        assertOneError(ISING.replace("}\n", "  sample with gibs(chains 8)\n}\n"), "6:15",
                "unknown sampler gibs: did you mean gibbs? (samplers: exact, gibbs, parallel_tempering, ddpm, ddim, langevin)");
        assertOneError(ISING.replace("}\n", "  sample with gibbs(chain 8)\n}\n"), "6:21",
                "gibbs has no setting chain: did you mean chains?");
    }

    @Test
    void aTrainerMustServeTheEnergy() throws IOException {
        assertOneError("dataset D = boltzmann_samples(units 4)\n" + ISING.replace("}\n", "  train on D with max_likelihood\n}\n"),
                "7:19", "max_likelihood has a closed form only for Gaussian energies; train a Boltzmann machine with moment_matching");
    }

    @Test
    void dataMustFitTheUnits() throws IOException {
        assertOneError("dataset D = boltzmann_samples(units 5) split train 0.8, test 0.2\n"
                + ISING.replace("}\n", "  train on D.train with moment_matching\n}\n"), "7:12",
                "D has 5 columns but Ising observes 4 units");
        assertOneError("dataset D = boltzmann_samples(units 4) split train 0.8, test 0.2\n"
                + ISING.replace("}\n", "  evaluate log_likelihood on D.valid\n}\n"), "7:32",
                "D has no part valid: its parts are train, test");
    }

    @Test
    void indicesStayInsideNonPeriodicVariables() throws IOException {
        assertOneError("""
                model Chain {
                  visible s[8] : spin
                  param J
                  energy E(s) = -J * sum(i) s[i] * s[i+1]
                }
                """, "4:38", "s is indexed at 8, outside 0..7: declare s periodic, or narrow the sum's range");
        assertEquals(List.of(), errors("""
                model Ring {
                  visible s[8] : spin periodic
                  param J
                  energy E(s) = -J * sum(i) s[i] * s[i+1]
                }
                """));
    }

    @Test
    void lrAutoNeedsLinearCouplings() throws IOException {
        assertOneError("""
                dataset D = boltzmann_samples(units 3)
                model Odd {
                  visible s[3] : spin
                  param a
                  energy E(s) = -exp(a) * sum(k < l) s[k] * s[l]
                  train on D with moment_matching
                }
                """, "6:19", "lr auto is 1/lambda_max of the Hessian, known only when the couplings are linear");
    }

    private static final String RBM = """
            dataset D = bars_and_stripes(size 3, n 200)
            model R {
              visible v[9] : binary
              hidden h[4] : binary
              param W[9,4]
              param b[9]
              param c[4]
              energy E(v, h) = -(v' * W * h) - b . v - c . h
              %s
            }
            """;

    @Test
    void rbmTrainersServeBipartiteEnergiesOnly() throws IOException {
        assertEquals(List.of(), errors(RBM.formatted("train on D with pcd(k 1) { optimizer sgd(lr 0.05, momentum 0.5 -> 0.9) }")));
        assertOneError("dataset D = boltzmann_samples(units 4)\n" + ISING.replace("}\n", "  train on D with cd\n}\n"),
                "7:19", "cd trains restricted Boltzmann machines (a bipartite energy with hidden units)");
        assertOneError(RBM.formatted("train on D with cd { optimizer gd(lr auto) }"), "9:19",
                "lr auto needs exact expectations; cd samples its gradients");
        assertOneError(RBM.formatted("train on D with moment_matching"), "9:19",
                "moment_matching trains Boltzmann machines with hidden units on a general graph; R is a restricted"
                        + " Boltzmann machine: train it with cd(k 1) or pcd(k 1)");
    }

    @Test
    void aisIsForEnergiesAndExactNeedsASmallLayer() throws IOException {
        assertEquals(List.of(), errors(RBM.formatted("evaluate log_likelihood(ais(runs 10)) on D, log_likelihood on D")));
        // Any energy anneals; a mixture has nothing to anneal.
        assertEquals(List.of(), errors("dataset D = boltzmann_samples(units 4)\n"
                + ISING.replace("}\n", "  evaluate log_likelihood(ais(runs 10)) on D, log_partition(ais(step 0.1))\n}\n")));
        assertOneError(HierarchyValidationTest.MIXTURE.replace("}", "  evaluate log_partition(ais)\n}"), "9:12",
                "log_partition does not serve a Gaussian mixture");
        String big = RBM.replace("v[9]", "v[30]").replace("h[4]", "h[30]").replace("W[9,4]", "W[30,30]")
                .replace("b[9]", "b[30]").replace("c[4]", "c[30]").replace("size 3", "size 5").replace("n 200", "n 10");
        assertTrue(errors(big.formatted("evaluate log_likelihood on D")).get(0)
                .contains("log_likelihood is exact only when a layer of the RBM has at most 20 units: use log_likelihood(ais("));
    }

    @Test
    void perTemperatureNeedsReplicaExchange() throws IOException {
        String lattice = """
                model L {
                  visible s[4,4] : spin periodic
                  param J = 1.0 fixed
                  energy E(s) = -J * sum(i, j) s[i,j] * (s[i+1,j] + s[i,j+1])
                  %s
                }
                """;
        assertEquals(List.of(), errors(lattice.formatted(
                "sample with parallel_tempering(temperatures [1, 2, 3])\n  evaluate energy, abs_magnetization per temperature")));
        assertOneError(lattice.formatted("sample with gibbs\n  evaluate energy per temperature"), "6:12",
                "energy per temperature needs a parallel_tempering sampler; add `sample with parallel_tempering(");
        assertOneError(lattice.formatted("sample with parallel_tempering(temperatures [1, 2])\n"
                + "  evaluate log_partition per temperature"), "6:12", "log_partition cannot be evaluated per temperature");
    }

    @Test
    void langevinIsForRealUnitsAndPicturesMustFit() throws IOException {
        assertOneError(ISING.replace("}\n", "  sample with langevin(step 0.1)\n}\n"), "6:15",
                "langevin moves real units along the energy's gradient; Ising has binary or spin units: use gibbs");
        assertOneError(RBM.formatted("show samples as images(3, 4)"), "9:19",
                "images(3, 4) shows 12 units per sample but R observes 9");
        assertEquals(List.of(), errors(RBM.formatted("show samples as images(3, 3)")));
    }
}
