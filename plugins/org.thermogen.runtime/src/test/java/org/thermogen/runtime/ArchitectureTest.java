package org.thermogen.runtime;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runtime is the library generated models run on: it depends on EJML and the JDK's
 * non-graphical parts alone, and on nothing of Thermogen's built on top of it.
 *
 * <p>Its packages are not yet free of cycles: most of them meet in one through
 * {@code model.ModelDefinition} and {@code model.Structure}, which name the trainers,
 * samplers and evaluations of every family. Until each family has a type of its own, the
 * dependencies that close a cycle are listed here, one per line, and the test fails both
 * when a new one appears and when a listed one no longer closes a cycle (then delete its
 * line), so the list only shrinks.
 */
class ArchitectureTest {
    private static final String ROOT = "org.thermogen.runtime";

    /** Package-level dependencies ({@code from -> to}, below the runtime's root) that close a cycle today. */
    private static final Set<String> KNOWN_CYCLIC = Set.of(
            "data -> energy", "data -> exact", "data -> model",
            "diffusion -> data", "diffusion -> eval", "diffusion -> model", "diffusion -> nn",
            "diffusion -> run", "diffusion -> sample", "diffusion -> train",
            "energy -> model",
            "eval -> data", "eval -> energy", "eval -> exact", "eval -> gaussian", "eval -> mcmc",
            "eval -> mixture", "eval -> model", "eval -> rbm", "eval -> run", "eval -> sample", "eval -> vae",
            "exact -> energy", "exact -> gaussian", "exact -> mixture", "exact -> model", "exact -> rbm",
            "exact -> run", "exact -> sample", "exact -> vae",
            "gaussian -> model",
            "mcmc -> energy", "mcmc -> exact", "mcmc -> model", "mcmc -> rbm", "mcmc -> run", "mcmc -> sample",
            "mcmc -> train",
            "mixture -> data", "mixture -> gaussian", "mixture -> model", "mixture -> run", "mixture -> train",
            "model -> data", "model -> diffusion", "model -> energy", "model -> eval", "model -> mixture",
            "model -> nn", "model -> sample", "model -> train", "model -> vae",
            "nn -> model",
            "rbm -> data", "rbm -> energy", "rbm -> model", "rbm -> run", "rbm -> sample", "rbm -> train",
            "run -> data",
            "sample -> model", "sample -> run",
            "train -> data", "train -> energy", "train -> exact", "train -> gaussian", "train -> mcmc",
            "train -> model", "train -> run",
            "vae -> data", "vae -> energy", "vae -> eval", "vae -> model", "vae -> nn", "vae -> rbm",
            "vae -> run", "vae -> train"
    );

    private static JavaClasses runtime;

    @BeforeAll
    static void importClasses() {
        runtime = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
        assertTrue(runtime.size() > 100, "imported only " + runtime.size() + " classes of " + ROOT);
    }

    @Test
    void noAwtNoImagesNoUserInterface() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("java.awt..", "javax.imageio..", "javax.swing..", "org.eclipse.swt..")
                .because("the runtime is embedded in servers and applications; charts belong to org.thermogen.run")
                .check(runtime);
    }

    @Test
    void dependsOnNothingBuiltOnIt() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("org.thermogen.run", "org.thermogen.run.plot..", "org.thermogen.lang..",
                        "org.thermogen.cli..", "org.thermogen.launch..", "org.eclipse..", "picocli..")
                .because("dependencies run one way: runtime <- run <- cli, launch; runtime <- lang")
                .check(runtime);
    }

    @Test
    void noNewPackageCycles() {
        Map<String, Set<String>> edges = packageEdges(runtime);
        Set<String> cyclic = new TreeSet<>();
        for (Map.Entry<String, Set<String>> e : edges.entrySet()) {
            for (String to : e.getValue()) {
                if (reaches(edges, to, e.getKey())) {
                    cyclic.add(e.getKey() + " -> " + to);
                }
            }
        }
        Set<String> added = new TreeSet<>(cyclic);
        added.removeAll(KNOWN_CYCLIC);
        Set<String> gone = new TreeSet<>(KNOWN_CYCLIC);
        gone.removeAll(cyclic);
        assertTrue(added.isEmpty(), "new package dependencies that close a cycle (reverse them, or move the class "
                + "they need to the package that depends on it): " + describe(added));
        assertTrue(gone.isEmpty(), "these dependencies no longer close a cycle: delete them from KNOWN_CYCLIC: " + gone);
    }

    /** The first package below the root of each class, or "" for the root itself. */
    private static String slice(JavaClass c) {
        String p = c.getPackageName();
        if (p.equals(ROOT)) {
            return "";
        }
        if (!p.startsWith(ROOT + ".")) {
            return null;
        }
        String rest = p.substring(ROOT.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    private static Map<String, Set<String>> packageEdges(JavaClasses classes) {
        Map<String, Set<String>> edges = new TreeMap<>();
        for (JavaClass c : classes) {
            String from = slice(c);
            if (from == null) {
                continue;
            }
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String to = slice(d.getTargetClass().getBaseComponentType());
                if (to != null && !to.equals(from)) {
                    edges.computeIfAbsent(from, k -> new TreeSet<>()).add(to);
                }
            }
        }
        return edges;
    }

    private static boolean reaches(Map<String, Set<String>> edges, String from, String to) {
        Deque<String> open = new ArrayDeque<>(List.of(from));
        Set<String> seen = new HashSet<>(open);
        while (!open.isEmpty()) {
            String p = open.pop();
            if (p.equals(to)) {
                return true;
            }
            for (String next : edges.getOrDefault(p, Set.of())) {
                if (seen.add(next)) {
                    open.push(next);
                }
            }
        }
        return false;
    }

    /** Each edge with the classes that make it, so the message says what to change. */
    private static String describe(Set<String> packageEdges) {
        StringBuilder b = new StringBuilder();
        for (String edge : packageEdges) {
            String[] ends = edge.split(" -> ");
            Set<String> why = new TreeSet<>();
            for (JavaClass c : runtime) {
                if (!ends[0].equals(slice(c))) {
                    continue;
                }
                for (Dependency d : c.getDirectDependenciesFromSelf()) {
                    JavaClass target = d.getTargetClass().getBaseComponentType();
                    if (ends[1].equals(slice(target))) {
                        why.add(c.getSimpleName() + " -> " + target.getSimpleName());
                    }
                }
            }
            b.append("\n  ").append(edge).append(" (").append(String.join(", ", why)).append(')');
        }
        return b.toString();
    }
}
