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
 * non-graphical parts alone, and on nothing of Thermogen's built on top of it. Its packages
 * form no cycle: {@code model} is the leaf every algorithm depends on, the contracts
 * ({@code sample}, {@code train}, {@code eval}) and the model families sit above it, and
 * {@code definition} (what a file declares to do with a model) sits on top, where nothing
 * else in the runtime depends on it.
 */
class ArchitectureTest {
    private static final String ROOT = "org.thermogen.runtime";

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
    void packagesFormNoCycle() {
        Map<String, Set<String>> edges = packageEdges(runtime);
        Set<String> cyclic = new TreeSet<>();
        for (Map.Entry<String, Set<String>> e : edges.entrySet()) {
            for (String to : e.getValue()) {
                if (reaches(edges, to, e.getKey())) {
                    cyclic.add(e.getKey() + " -> " + to);
                }
            }
        }
        assertTrue(cyclic.isEmpty(), "package dependencies that close a cycle (reverse them, move the class they need "
                + "to the package that depends on it, or ask for a capability the family implements): "
                + describe(cyclic));
    }

    @Test
    void modelIsTheLeaf() {
        Set<String> uses = packageEdges(runtime).getOrDefault("model", Set.of());
        assertTrue(uses.isEmpty(), "org.thermogen.runtime.model is what every algorithm depends on and must name none "
                + "of them: " + describe(prefixed("model -> ", uses)));
    }

    @Test
    void nothingDependsOnTheDefinition() {
        Set<String> users = new TreeSet<>();
        for (Map.Entry<String, Set<String>> e : packageEdges(runtime).entrySet()) {
            if (e.getValue().contains("definition")) {
                users.add(e.getKey() + " -> definition");
            }
        }
        assertTrue(users.isEmpty(), "algorithms take a model.Model; what a file declares (definition) is read only by the "
                + "job runner, the command line and the launcher: " + describe(users));
    }

    /**
     * A family's structure record is named in its own package only (where it is made and
     * where its refusal helpers live) and by {@code definition}, which builds them; an algorithm
     * elsewhere asks for a capability ({@code model.capability(PairwiseForm.class)}, or
     * {@code outline.offers(...)} before the model exists), so a new family gains an algorithm
     * by offering what it asks for.
     */
    @Test
    void algorithmsAskForCapabilitiesNotFamilies() {
        Set<String> named = new TreeSet<>();
        for (JavaClass c : runtime) {
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                JavaClass target = d.getTargetClass().getBaseComponentType();
                if (target.isAssignableTo(org.thermogen.runtime.model.Structure.class) && !target.isInterface()
                        && !target.getPackageName().equals(ROOT + ".model")
                        && !target.getPackageName().equals(c.getPackageName())
                        && !target.getPackageName().equals(c.getPackageName().replaceFirst("\\$.*", ""))) {
                    named.add(c.getName().substring(ROOT.length() + 1).replaceFirst("\\$.*", "") + " -> "
                            + target.getSimpleName());
                }
            }
        }
        assertTrue(named.isEmpty(), "algorithms name a family's structure instead of asking for a capability (use "
                + "Model.capability / ModelOutline.offers, or the family package's own helper): " + named);
    }

    private static Set<String> prefixed(String prefix, Set<String> to) {
        Set<String> out = new TreeSet<>();
        for (String t : to) {
            out.add(prefix + t);
        }
        return out;
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
