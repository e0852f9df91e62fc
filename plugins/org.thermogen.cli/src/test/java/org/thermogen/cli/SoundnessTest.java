package org.thermogen.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Injector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.thermogen.lang.ThermogenStandaloneSetup;
import org.thermogen.lang.compiler.InMemoryCompiler;
import org.thermogen.lang.generator.JavaGenerator;
import org.thermogen.lang.thermogen.GenFile;
import org.thermogen.run.Job;
import org.thermogen.runtime.definition.ModelDefinition;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;

/**
 * The language's promise, tried on every combination: for each kind of model the notes
 * describe and each trainer, sampler and metric of the catalogue (each optimizer and
 * expectation with the trainers that take one), {@code check} accepts the model if and
 * only if a short run of it (one epoch, a few samples) finishes. A run that fails where
 * {@code check} said nothing is a refusal the checker could have known and did not; a run
 * that succeeds where {@code check} refused is a refusal that is not the runtime's.
 *
 * <p>One {@code .gen} file per kind holds one model per combination, so each kind is
 * validated, generated and compiled once. Runs use tiny sizes, so a combination costs
 * milliseconds; the table of every outcome is written to {@code target/soundness-KIND.txt}.
 */
class SoundnessTest {
    private static Injector injector;

    @TempDir
    static Path work;

    /** A kind of model: its declarations before the model, and the model's body without clauses. */
    record Kind(String name, String preamble, String body) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Kind> KINDS = List.of(
            new Kind("boltzmann", "dataset D = boltzmann_samples(units 6, n 200, seed 1) split train 0.8, test 0.2 seed 1",
                    """
                      visible s[6] : spin
                      param J[6,6] : symmetric, zero_diagonal
                      param h[6]
                      energy E(s) = -sum(k < l) J[k,l] * s[k] * s[l] - h . s
                    """),
            new Kind("rbm", "dataset D = bars_and_stripes(size 3, n 200) split train 0.8, test 0.2 seed 1", """
                      visible v[9] : binary
                      hidden h[4] : binary
                      param W[9,4] init normal(0, 0.01)
                      param b[9]
                      param c[4]
                      energy E(v, h) = -(v' * W * h) - b . v - c . h
                    """),
            new Kind("gaussian_rbm", "dataset D = blobs(n 200, centers 2, dim 2, seed 1) split train 0.8, test 0.2 seed 1",
                    """
                      visible v[2] : real
                      hidden h[3] : binary
                      param W[2,3] init normal(0, 0.01)
                      param b[2]
                      param c[3]
                      energy E(v, h) = 0.5 * v . v - b . v - c . h - v' * W * h
                    """),
            new Kind("boltzmann_hidden", "dataset D = boltzmann_samples(units 4, n 200, seed 1) split train 0.8, test 0.2"
                    + " seed 1", """
                      visible s[4] : spin
                      hidden t[2] : spin
                      param J[4,4] : symmetric, zero_diagonal
                      param K[4,2]
                      param L
                      energy E(s, t) = -sum(k < l) J[k,l] * s[k] * s[l] - s' * K * t - L * t[0] * t[1]
                    """),
            new Kind("continuous", "dataset D = gaussian(n 200, mean [0.0, 0.0], cov [[1.0, 0.0], [0.0, 1.0]], seed 1)"
                    + " split train 0.8, test 0.2 seed 1", """
                      observed x[2] : real
                      param a = 1.0
                      energy E(x) = a * (x[0]^2 - 1)^2 + 0.5 * x[1]^2
                    """),
            new Kind("gaussian", "dataset D = gaussian(n 200, mean [1.0, -0.5], cov [[1.0, 0.5], [0.5, 1.5]], seed 1)"
                    + " split train 0.8, test 0.2 seed 1", """
                      observed x[2] : real
                      param mu[2]
                      param Sigma[2,2] : spd
                      energy E(x) = 0.5 * (x - mu)' * inv(Sigma) * (x - mu)
                    """),
            new Kind("mixture", "dataset D = blobs(n 200, centers 2, dim 2, seed 1) split train 0.8, test 0.2 seed 1", """
                      observed x[2] : real
                      latent k : categorical(2)
                      param pi[2] : simplex
                      param mu[2,2]
                      param Sigma[2,2,2] : spd
                      k ~ categorical(pi)
                      x | k ~ normal(mu[k], Sigma[k])
                    """),
            new Kind("vae", """
                    dataset D = bars_and_stripes(size 3, n 200) split train 0.8, test 0.2 seed 1
                    network Enc = mlp(9 -> 8 relu -> [mu 2, logvar 2])
                    network Dec = mlp(2 -> 8 relu -> 9 sigmoid)""", """
                      observed x[9] : real
                      latent z[2] ~ normal(0, I)
                      x | z ~ bernoulli(Dec(z))
                      q(z | x) = normal(Enc(x))
                    """),
            new Kind("hierarchical_vae", """
                    dataset D = bars_and_stripes(size 3, n 200) split train 0.8, test 0.2 seed 1
                    network Enc1 = mlp(9 -> 8 relu -> [mu 3, logvar 3])
                    network Enc2 = mlp(3 -> 8 relu -> [mu 2, logvar 2])
                    network Dec2 = mlp(2 -> 8 relu -> 3)
                    network Dec1 = mlp(3 -> 8 relu -> 9 sigmoid)""", """
                      observed x[9] : real
                      latent z2[2] ~ normal(0, I)
                      latent z1[3] | z2 ~ normal(Dec2(z2), I)
                      x | z1 ~ bernoulli(Dec1(z1))
                      q(z1 | x) = normal(Enc1(x))
                      q(z2 | z1) = normal(Enc2(z1))
                    """),
            new Kind("diffusion", """
                    dataset D = moons(n 200, noise 0.05, seed 1) split train 0.8, test 0.2 seed 1
                    schedule S = linear(beta 1e-4 .. 0.02, steps 10)
                    network N = mlp(x + time(8) -> 16 silu -> 2)""", """
                      observed x[2] : real
                      diffusion with S denoiser N predicts noise
                    """));

    static final List<String> OPTIMIZERS = List.of("sgd(lr 0.01)", "adam(lr 0.01)", "gd(lr auto)", "nesterov(lr auto)");

    /** Every clause tried, small enough to run in milliseconds; {@code M} stands for the model's name. */
    static List<String> clauses() {
        List<String> c = new ArrayList<>();
        String on = "train on D.train with ";
        c.add(on + "max_likelihood");
        c.add(on + "em(max_iter 2)");
        for (String e : List.of("exact", "gibbs(chains 2, sweeps 2, burnin 1)",
                "parallel_tempering(temperatures geometric(1, 2, 3), sweeps 2, burnin 1)", "mean_field", "tap")) {
            c.add(on + "moment_matching(expectation " + e + ", epochs 2)");
        }
        Map<String, String> withOptimizer = new LinkedHashMap<>();
        withOptimizer.put("moment_matching", "epochs 2");
        withOptimizer.put("pseudo_likelihood", "epochs 2");
        withOptimizer.put("cd", "epochs 1, batch 20");
        withOptimizer.put("pcd", "epochs 1, chains 4, batch 20");
        withOptimizer.put("ddpm", "epochs 1, batch 40, snapshots 0");
        withOptimizer.put("elbo", "epochs 1, batch 40");
        withOptimizer.put("persistent_langevin", "epochs 1, chains 4, steps 2, batch 40");
        for (Map.Entry<String, String> t : withOptimizer.entrySet()) {
            if (!t.getKey().equals("moment_matching")) {
                c.add(on + t.getKey() + "(" + t.getValue() + ")");
            }
            for (String o : OPTIMIZERS) {
                c.add(on + t.getKey() + "(" + t.getValue() + ") { optimizer " + o + " }");
            }
        }
        // Held-out rows, best epoch kept, early stopping: every trainer that takes them (those without the
        // settings refuse them as unknown settings, which no file can generate past; HeldOutTest has them).
        String heldOut = " { validation D.test keep best patience 1 }";
        c.add(on + "em(max_iter 2)" + heldOut);
        c.add(on + "moment_matching(expectation exact, epochs 2)" + heldOut);
        c.add(on + "moment_matching(expectation gibbs(chains 2, sweeps 2, burnin 1), epochs 2)" + heldOut);
        for (Map.Entry<String, String> t : withOptimizer.entrySet()) {
            if (!t.getKey().equals("moment_matching") && !t.getKey().equals("persistent_langevin")) {
                c.add(on + t.getKey() + "(" + t.getValue() + ")" + heldOut);
            }
        }
        for (String s : List.of("exact", "gibbs(chains 2, sweeps 10, burnin 2)",
                "parallel_tempering(temperatures geometric(1, 2, 3), sweeps 10, burnin 2)", "ddpm(n 20)",
                "ddim(steps 5, n 20)", "langevin(steps 20, burnin 2, chains 2, thin 1)")) {
            c.add("sample with " + s);
        }
        for (String m : List.of("log_likelihood on D.test", "log_likelihood(ais(runs 2, temperatures 20)) on D.test",
                "log_likelihood(iwae(k 5)) on D.test", "log_partition", "log_partition(ais(runs 2, temperatures 20))",
                "pseudo_likelihood on D.test", "reconstruction_error on D.test", "energy", "abs_magnetization",
                "magnetization", "energy per temperature", "elbo on D.test", "bic on D.test", "aic on D.test",
                "mmd(samples 20) on D.test", "energy_distance(samples 20) on D.test", "bits_per_dim on D.test",
                "kl(D, M)", "parameter_error(D)", "moment_error on D.test")) {
            c.add("evaluate " + m);
        }
        return c;
    }

    /** What {@code check} and a short run made of one combination. */
    record Outcome(String clause, String checkError, String runError) {
        boolean sound() {
            return (checkError == null) == (runError == null);
        }
    }

    @BeforeAll
    static void setUp() {
        injector = new ThermogenStandaloneSetup().createInjectorAndDoEMFRegistration();
    }

    @AfterAll
    static void tearDown() {
        injector = null;
    }

    static Stream<Kind> kinds() {
        return KINDS.stream();
    }

    /**
     * Combinations where check and run still disagree, each a known gap with its reason, so the
     * test fails on a new one and on one that is fixed (then delete its line).
     */
    static final Set<String> KNOWN_UNSOUND = Set.of();

    @ParameterizedTest
    @MethodSource("kinds")
    void checkAcceptsExactlyWhatRuns(Kind kind) throws IOException {
        assertSound(kind, kind.name(), clauses());
    }

    /** The methods each kind is the natural host of, whose integer settings are tried at 0 and 1. */
    static final Map<String, List<String>> HOSTS = Map.of(
            "boltzmann", List.of("moment_matching", "pseudo_likelihood", "gibbs", "parallel_tempering"),
            "rbm", List.of("cd", "pcd", "ais"),
            "continuous", List.of("persistent_langevin", "langevin"),
            "mixture", List.of("em"),
            "vae", List.of("elbo", "iwae"),
            "diffusion", List.of("ddpm", "ddim", "mmd", "energy_distance"));

    /**
     * Every integer setting of the clauses a kind hosts, at the edges 0 and 1 (the language
     * refuses negative counts before the runtime sees them). Values the
     * runtime refuses must be refused by check, at the setting.
     */
    @ParameterizedTest
    @MethodSource("kinds")
    void edgeValuesAreCheckedAsTheyRun(Kind kind) throws IOException {
        List<String> hosted = HOSTS.getOrDefault(kind.name(), List.of());
        List<String> variants = new ArrayList<>();
        Pattern setting = Pattern.compile("\\b[a-z_]+ (\\d+)(?![\\d.])");
        for (String clause : clauses()) {
            boolean hosts = hosted.stream().anyMatch(m -> Pattern.compile("\\b" + m + "\\b").matcher(clause).find());
            if (!hosts || clause.contains("{ optimizer")) {
                continue;
            }
            Matcher m = setting.matcher(clause);
            while (m.find()) {
                for (String edge : List.of("0", "1")) {
                    String variant = clause.substring(0, m.start(1)) + edge + clause.substring(m.end(1));
                    if (!variants.contains(variant)) {
                        variants.add(variant);
                    }
                }
            }
        }
        if (!variants.isEmpty()) {
            assertSound(kind, kind.name() + "-edges", variants);
        }
    }

    /**
     * Checks one model per clause in one file and, with {@code run}, runs each briefly: what
     * check and the run made of every clause.
     */
    private List<Outcome> outcomes(Kind kind, String name, List<String> clauses, boolean run) throws IOException {
        Path folder = Files.createDirectories(work.resolve(name));
        String pkg = "sound." + name.replace("-", "_");
        StringBuilder text = new StringBuilder("package " + pkg + "\n\n" + kind.preamble() + "\n\n");
        List<int[]> lines = new ArrayList<>();
        int written = (int) text.chars().filter(ch -> ch == '\n').count();  // lines so far
        for (int i = 0; i < clauses.size(); i++) {
            String clause = clauses.get(i).replace("kl(D, M)", "kl(D, M" + i + ")");
            String model = "model M" + i + " {\n" + kind.body() + "  " + clause + "\n}\n";
            int length = (int) model.chars().filter(ch -> ch == '\n').count();
            lines.add(new int[] {written + 1, written + length});
            text.append(model).append('\n');
            written += length + 1;
        }
        Path file = folder.resolve(name + ".gen");
        Files.writeString(file, text);

        XtextResourceSet set = injector.getInstance(XtextResourceSet.class);
        Resource resource = set.getResource(URI.createFileURI(file.toAbsolutePath().toString()), true);
        List<Issue> issues = injector.getInstance(IResourceValidator.class).validate(resource, CheckMode.ALL,
                CancelIndicator.NullImpl);
        Map<Integer, String> checkErrors = new TreeMap<>();
        for (Issue issue : issues) {
            if (issue.getSeverity() != Severity.ERROR) {
                continue;
            }
            int line = issue.getLineNumber() == null ? 0 : issue.getLineNumber();
            int model = -1;
            for (int i = 0; i < lines.size(); i++) {
                if (line >= lines.get(i)[0] && line <= lines.get(i)[1]) {
                    model = i;
                }
            }
            assertTrue(model >= 0, kind + ": an error outside every model, at line " + line + ": " + issue.getMessage());
            checkErrors.merge(model, line + ": " + issue.getMessage(), (a, b) -> a + " | " + b);
        }

        List<Outcome> outcomes = new ArrayList<>();
        if (!run) {
            for (int i = 0; i < clauses.size(); i++) {
                outcomes.add(new Outcome(clauses.get(i), checkErrors.get(i), null));
            }
            return outcomes;
        }
        Map<String, String> sources = JavaGenerator.generate((GenFile) resource.getContents().get(0));
        ClassLoader loader = InMemoryCompiler.compile(sources, SoundnessTest.class.getClassLoader());
        for (int i = 0; i < clauses.size(); i++) {
            outcomes.add(new Outcome(clauses.get(i), checkErrors.get(i), run(loader, pkg + ".M" + i,
                    folder, folder.resolve("out" + i))));
        }
        return outcomes;
    }

    private void assertSound(Kind kind, String name, List<String> clauses) throws IOException {
        List<Outcome> outcomes = outcomes(kind, name, clauses, true);
        StringBuilder table = new StringBuilder();
        List<String> unsound = new ArrayList<>();
        List<String> fixed = new ArrayList<>();
        for (Outcome o : outcomes) {
            String row = String.format(Locale.ROOT, "%-7s %-7s %s%n        check: %s%n        run:   %s%n",
                    o.checkError == null ? "accept" : "refuse", o.runError == null ? "runs" : "fails", o.clause,
                    o.checkError, o.runError);
            boolean known = KNOWN_UNSOUND.contains(name + ": " + o.clause);
            table.append(o.sound() ? "" : known ? "KNOWN   " : "UNSOUND ").append(row);
            if (!o.sound() && !known) {
                unsound.add(row);
            } else if (o.sound() && known) {
                fixed.add(name + ": " + o.clause);
            }
        }
        Path report = Path.of("target", "soundness-" + name + ".txt");
        Files.createDirectories(report.getParent());
        Files.writeString(report, table);
        assertTrue(fixed.isEmpty(), "sound now, delete from KNOWN_UNSOUND: " + fixed);
        assertTrue(unsound.isEmpty(), name + ": " + unsound.size() + " of " + outcomes.size()
                + " combinations where check and run disagree (all outcomes in " + report + "):\n"
                + String.join("", unsound));
    }

    /**
     * Every refusal that advises a change names one that works: the advice is applied as a
     * person would (an {@code add `...`} becomes a new line of the model, a {@code use X}
     * replaces the method, a trailing {@code optimizer ...} becomes the trainer's optimizer,
     * see {@link Advice}); the refusal must then be gone, and where check now accepts the
     * model, it must run. (A clause refused for two reasons may still be refused for the
     * other.)
     */
    @ParameterizedTest
    @MethodSource("kinds")
    void everyAdvisedChangeWorks(Kind kind) throws IOException {
        List<String> refusals = new ArrayList<>();
        List<String> advised = new ArrayList<>();
        for (Outcome o : outcomes(kind, kind.name() + "-refusals", clauses(), false)) {
            if (o.checkError() == null) {
                continue;
            }
            for (String part : o.checkError().split(" \\| ")) {
                String message = part.replaceFirst("^\\d+: ", "");
                String change = Advice.apply(o.clause(), message);
                if (change != null && !advised.contains(change)) {
                    refusals.add(message);
                    advised.add(change);
                    break;
                }
            }
        }
        if (advised.isEmpty()) {
            return;
        }
        List<String> broken = new ArrayList<>();
        List<String> accepted = new ArrayList<>();
        List<Outcome> checked = outcomes(kind, kind.name() + "-advised", advised, false);
        for (int i = 0; i < checked.size(); i++) {
            Outcome o = checked.get(i);
            String refusal = refusals.get(i).replaceAll("\\bM\\d+\\b", "M");
            if (o.checkError() != null && o.checkError().replaceAll("\\bM\\d+\\b", "M").contains(refusal)) {
                broken.add("advised: " + o.clause() + "\n        still refused: " + refusal + "\n");
            } else if (o.checkError() == null) {
                accepted.add(o.clause());
            }
        }
        for (Outcome o : accepted.isEmpty() ? List.<Outcome>of() : outcomes(kind, kind.name() + "-advised-runs", accepted,
                true)) {
            if (o.runError() != null) {
                broken.add("advised: " + o.clause() + "\n        check accepts it, but the run fails: " + o.runError() + "\n");
            }
        }
        assertTrue(broken.isEmpty(), kind + ": " + broken.size() + " of " + advised.size()
                + " advised changes do not work:\n" + String.join("", broken));
    }

    /** Runs the model's clauses as {@code thermogen run} does; the error, or null if it finished. */
    private static String run(ClassLoader loader, String className, Path base, Path out) {
        try {
            ModelDefinition model = (ModelDefinition) loader.loadClass(className).getField("DEFINITION").get(null);
            try (RunContext context = new RunContext(1, base, ProgressListener.NONE, 1)) {
                new Job(model, context, out).run(OptionalInt.empty());
            }
            return null;
        } catch (ExceptionInInitializerError e) {
            return describe(e.getCause());
        } catch (Exception | StackOverflowError e) {
            return describe(e);
        }
    }

    private static String describe(Throwable t) {
        String where = t.getStackTrace().length == 0 ? "" : " at " + t.getStackTrace()[0];
        return t.getClass().getSimpleName() + ": " + t.getMessage()
                + (t instanceof IllegalArgumentException || t instanceof IOException ? "" : where);
    }
}
