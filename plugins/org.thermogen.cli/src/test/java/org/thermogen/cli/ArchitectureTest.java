package org.thermogen.cli;

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

/** The command line: the top of the plain-Java modules, with no cycle among its packages. */
class ArchitectureTest {
    private static JavaClasses cli;

    private static final SliceAssignment EACH_PACKAGE = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
            String p = c.getPackageName();
            return p.equals("org.thermogen.cli") || p.startsWith("org.thermogen.cli.") ? SliceIdentifier.of(p) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "the packages of org.thermogen.cli";
        }
    };

    @BeforeAll
    static void importClasses() {
        cli = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.thermogen.cli");
        assertTrue(cli.size() > 10, "imported only " + cli.size() + " classes of org.thermogen.cli");
    }

    @Test
    void noPackageCycles() {
        // Each package a slice, the root package included (a pattern such as "org.thermogen.cli.(**)" leaves it out).
        slices().assignedFrom(EACH_PACKAGE).should().beFreeOfCycles().check(cli);
    }

    @Test
    void knowsNothingOfEclipse() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.eclipse.ui..", "org.eclipse.core..",
                "org.eclipse.jdt..", "org.eclipse.swt..", "org.thermogen.launch..")
                .because("the command line runs without a workbench").check(cli);
    }
}
