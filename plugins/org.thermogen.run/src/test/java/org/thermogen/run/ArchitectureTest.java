package org.thermogen.run;

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

/** The job runner sits on the runtime and below the command line and the Eclipse launcher. */
class ArchitectureTest {
    private static JavaClasses run;

    private static final SliceAssignment EACH_PACKAGE = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
            String p = c.getPackageName();
            return p.equals("org.thermogen.run") || p.startsWith("org.thermogen.run.") ? SliceIdentifier.of(p) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "the packages of org.thermogen.run";
        }
    };

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
    void theJobKnowsNoModelFamily() {
        noClasses().that().resideInAPackage("org.thermogen.run").should().dependOnClassesThat()
                .resideInAnyPackage("org.thermogen.runtime.energy..", "org.thermogen.runtime.rbm..",
                        "org.thermogen.runtime.gaussian..", "org.thermogen.runtime.mixture..",
                        "org.thermogen.runtime.vae..", "org.thermogen.runtime.diffusion..")
                .because("what a family adds to a job's outputs is in org.thermogen.run.family, found by FamilyOutputs.of")
                .check(run);
    }

    @Test
    void familyPicturesKnowNothingOfJobs() {
        noClasses().that().resideInAPackage("org.thermogen.run.family..").should().dependOnClassesThat()
                .resideInAPackage("org.thermogen.run")
                .because("the job calls the families' hooks, not the other way round")
                .check(run);
    }

    @Test
    void noPackageCycles() {
        // Each package a slice, the root package included (a pattern such as "org.thermogen.run.(**)" leaves it out).
        slices().assignedFrom(EACH_PACKAGE).should().beFreeOfCycles().check(run);
    }
}
