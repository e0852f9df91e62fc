package org.thermogen.lang.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The language sits on the runtime and below the command line, the job runner's users and
 * the Eclipse editor; its own packages (written ones and Xtext's generated ones) form no
 * cycle, so that a reader can follow parse -> scope -> analyse -> validate -> generate one way.
 */
class ArchitectureTest {
    private static JavaClasses lang;

    private static final SliceAssignment EACH_PACKAGE = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
            String p = c.getPackageName();
            if (p.startsWith("org.thermogen.lang.thermogen")) {
                // The EMF model Xtext generates: its interfaces name their implementations (the factory,
                // the package literals), as every EMF model does; one slice, not ours to change.
                return SliceIdentifier.of("org.thermogen.lang.thermogen (the generated EMF model)");
            }
            return p.startsWith("org.thermogen.lang") ? SliceIdentifier.of(p) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "the packages of org.thermogen.lang";
        }
    };

    @BeforeAll
    static void importClasses() {
        lang = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.thermogen.lang");
        assertTrue(lang.size() > 100, "imported only " + lang.size() + " classes of org.thermogen.lang");
    }

    @Test
    void dependsOnTheRuntimeAndNothingBuiltOnIt() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("org.thermogen.run", "org.thermogen.run.plot..", "org.thermogen.cli..",
                        "org.thermogen.launch..", "org.thermogen.lang.ui..", "org.thermogen.lang.ide..",
                        "org.eclipse.ui..", "org.eclipse.swt..", "org.eclipse.jface..", "picocli..")
                .because("the language is used by the command line, the runner's users and the editors, not the other"
                        + " way round")
                .check(lang);
    }

    @Test
    void noPackageCycles() {
        slices().assignedFrom(EACH_PACKAGE).should().beFreeOfCycles().check(lang);
    }
}
