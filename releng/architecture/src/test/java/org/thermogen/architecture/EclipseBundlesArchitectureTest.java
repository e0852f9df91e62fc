package org.thermogen.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Eclipse bundles' rules, on the classes Tycho compiled into their {@code target/classes}
 * (this module builds after them): each bundle's packages form no cycle, the editor knows
 * nothing of the launcher, and neither knows the command line. The launcher starts a model in
 * a JVM of its own ({@code JobMain}), so it names nothing of the job runner or the runtime: a
 * model that fails cannot take the workbench with it.
 */
class EclipseBundlesArchitectureTest {
    private static final Path PLUGINS = Path.of("../../plugins");
    private static JavaClasses editor;
    private static JavaClasses launcher;

    private static final SliceAssignment EACH_PACKAGE = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
            String p = c.getPackageName();
            return p.startsWith("org.thermogen.lang.ui") || p.startsWith("org.thermogen.launch")
                    ? SliceIdentifier.of(p) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "the packages of the Eclipse bundles";
        }
    };

    private static JavaClasses compiled(String bundle, int atLeast) {
        Path classes = PLUGINS.resolve(bundle).resolve("target/classes");
        assertTrue(Files.isDirectory(classes), classes + " is missing: build the Eclipse bundles first (./mvnw verify)");
        JavaClasses imported = new ClassFileImporter().importPath(classes);
        assertTrue(imported.size() >= atLeast, "imported only " + imported.size() + " classes of " + bundle);
        return imported;
    }

    @BeforeAll
    static void importClasses() {
        editor = compiled("org.thermogen.lang.ui", 30);
        launcher = compiled("org.thermogen.launch", 10);
    }

    @Test
    void editorPackagesHaveNoCycle() {
        // The builder wrote into a folder the project package named while the project package installed the builder.
        slices().assignedFrom(EACH_PACKAGE).should().beFreeOfCycles().check(editor);
    }

    @Test
    void launcherPackagesHaveNoCycle() {
        slices().assignedFrom(EACH_PACKAGE).should().beFreeOfCycles().check(launcher);
    }

    @Test
    void theEditorKnowsNothingOfTheLauncherOrTheCommandLine() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.thermogen.launch..", "org.thermogen.cli..",
                "org.thermogen.run..").because("the launcher builds on the editor, and the editor runs nothing")
                .check(editor);
    }

    @Test
    void theLauncherRunsModelsOnlyInTheirOwnJvm() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.thermogen.run..", "org.thermogen.runtime..",
                "org.thermogen.cli..").because("a model runs in a JVM of its own (JobMain), so it cannot take the"
                        + " workbench down").check(launcher);
    }
}
