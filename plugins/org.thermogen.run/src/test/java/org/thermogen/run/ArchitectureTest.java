package org.thermogen.run;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The job runner sits on the runtime and below the command line and the Eclipse launcher. */
class ArchitectureTest {
    private static JavaClasses run;

    @BeforeAll
    static void importClasses() {
        run = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("/org/thermogen/runtime/"))
                .importPackages("org.thermogen.run");
        assertTrue(run.size() > 20, "imported only " + run.size() + " classes of org.thermogen.run");
        assertTrue(run.stream().noneMatch(c -> c.getPackageName().startsWith("org.thermogen.runtime")));
    }

    @Test
    void dependsOnTheRuntimeAndNothingBuiltOnIt() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("org.thermogen.lang..", "org.thermogen.cli..", "org.thermogen.launch..",
                        "org.eclipse..", "picocli..")
                .because("the command line and the Eclipse launcher use the runner, not the other way round")
                .check(run);
    }

    @Test
    void chartsKnowNothingOfJobs() {
        noClasses().that().resideInAPackage("org.thermogen.run.plot..").should().dependOnClassesThat()
                .resideInAPackage("org.thermogen.run")
                .because("charts draw numbers; the runner decides which")
                .check(run);
    }

    @Test
    void noPackageCycles() {
        slices().matching("org.thermogen.(run).(**)").should().beFreeOfCycles().check(run);
    }
}
