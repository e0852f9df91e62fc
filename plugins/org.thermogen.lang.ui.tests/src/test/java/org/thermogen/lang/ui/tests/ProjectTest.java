package org.thermogen.lang.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jdt.core.IClasspathEntry;
import org.eclipse.jdt.core.IJavaModelMarker;
import org.eclipse.jdt.core.IJavaProject;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.thermogen.lang.ui.project.ThermogenNature;
import org.thermogen.lang.ui.project.ThermogenProjects;
import org.thermogen.lang.ui.validation.ProblemMarkers;
import org.thermogen.lang.ui.wizards.NewModelWizard;
import org.thermogen.lang.ui.wizards.NewProjectWizard;
import org.thermogen.lang.ui.wizards.StartingPoint;

/**
 * Thermogen projects in a running workbench: the New Project wizard, the builder writing
 * src-gen that JDT compiles, problem markers of saved files, deletions, the New Model wizard.
 */
class ProjectTest {
    private static int projects;

    @AfterEach
    void close() {
        Ui.closeAll();
    }

    /** Creates a project through the New Thermogen Project wizard, as File > New does. */
    private static IJavaProject newProjectByWizard(String name) {
        NewProjectWizard wizard = new NewProjectWizard();
        wizard.init(PlatformUI.getWorkbench(), StructuredSelection.EMPTY);
        wizard.setInitialProjectName(name);
        WizardDialog dialog = new WizardDialog(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), wizard);
        dialog.setBlockOnOpen(false);
        dialog.open();
        try {
            assertTrue(wizard.canFinish(), "the wizard cannot finish with the name " + name);
            assertTrue(wizard.performFinish(), "the wizard did not finish");
        } finally {
            dialog.close();
        }
        return wizard.created();
    }

    @Test
    void theProjectWizardMakesAJavaProjectWhoseExampleModelCompiles() throws Exception {
        String name = "wizard" + (++projects);
        IJavaProject java = newProjectByWizard(name);
        IProject project = java.getProject();

        assertTrue(project.hasNature(ThermogenNature.ID));
        assertTrue(project.hasNature("org.eclipse.jdt.core.javanature"));
        List<String> raw = Arrays.stream(java.getRawClasspath()).map(e -> e.getPath().toString()).toList();
        assertTrue(raw.contains("/" + name + "/src"), raw.toString());
        assertTrue(raw.contains("/" + name + "/src-gen"), raw.toString());
        assertTrue(raw.contains("org.thermogen.RUNTIME"), raw.toString());
        // The runtime container resolves to the installed runtime and EJML.
        List<IClasspathEntry> resolved = Arrays.asList(java.getResolvedClasspath(true));
        IClasspathEntry runtime = resolved.stream().filter(e -> e.getPath().lastSegment().startsWith("org.thermogen.runtime"))
                .findFirst().orElseThrow(() -> new AssertionError("no runtime on the classpath: " + resolved));
        assertTrue(runtime.getPath().toFile().exists(), runtime.toString());
        assertNotNull(runtime.getSourceAttachmentPath(), "the runtime's sources are not attached");
        assertTrue(runtime.getSourceAttachmentPath().toFile().isFile(), runtime.getSourceAttachmentPath().toString());

        IFile model = project.getFile("src/" + name + "/ising.gen");
        assertTrue(model.exists(), "no example model");
        IFile generated = project.getFile("src-gen/" + name + "/Ising.java");
        IFile compiled = project.getFile("bin/" + name + "/Ising.class");
        Ui.build();
        assertTrue(generated.exists(), "no generated class " + generated);
        assertTrue(generated.isDerived(), "generated sources are derived");
        assertTrue(compiled.exists(), "JDT did not compile " + generated);
        assertEquals(List.of(), errors(project, IJavaModelMarker.JAVA_MODEL_PROBLEM_MARKER));
        assertEquals(List.of(), errors(project, ProblemMarkers.TYPE));
    }

    @Test
    void anErrorInASavedModelIsAMarkerOnItsLineAndTheLastGoodClassesStay() throws Exception {
        IProject project = ThermogenProjects.create("errors" + (++projects), null).getProject();
        IFile model = Ui.create(project.getFile("src/tests/ising.gen"), Models.ISING);
        Ui.build();
        IFile generated = project.getFile("src-gen/tests/ising/Ising16.java");
        assertTrue(generated.exists(), "no generated class");

        model.setContents(bytes(Models.ISING.replace("- h . s", "- hh . s")), IResource.FORCE, null);
        Ui.build();
        List<String> problems = errors(project, ProblemMarkers.TYPE);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("hh") && problems.get(0).startsWith("line " + Models.lineOf("energy E(s)") + ":"),
                problems.toString());
        assertTrue(generated.exists(), "the classes of the last good version are gone");
        assertEquals(List.of(), errors(project, IJavaModelMarker.JAVA_MODEL_PROBLEM_MARKER));

        model.setContents(bytes(Models.ISING), IResource.FORCE, null);
        Ui.build();
        assertEquals(List.of(), errors(project, ProblemMarkers.TYPE));
    }

    @Test
    void renamingAModelReplacesItsClassAndDeletingTheFileRemovesThem() throws Exception {
        IProject project = ThermogenProjects.create("delete" + (++projects), null).getProject();
        IFile model = Ui.create(project.getFile("src/tests/ising.gen"), Models.ISING);
        Ui.build();
        IFile ising = project.getFile("src-gen/tests/ising/Ising16.java");
        IFile dataset = project.getFile("src-gen/tests/ising/Spins16.java");
        assertTrue(ising.exists() && dataset.exists(), "no generated classes");

        model.setContents(bytes(Models.ISING.replace("Ising16", "Spins")), IResource.FORCE, null);
        Ui.build();
        assertFalse(ising.exists(), "the class of the renamed model stayed");
        assertTrue(project.getFile("src-gen/tests/ising/Spins.java").exists(), "no class for the new name");

        model.delete(true, null);
        Ui.build();
        assertFalse(dataset.exists(), "generated classes outlived their .gen file");
        assertFalse(project.getFolder("src-gen/tests").exists(), "empty package folders stayed");
        assertFalse(project.getFile("bin/tests/ising/Spins.class").exists(), "compiled classes stayed");
    }

    @Test
    void everyStartingPointOfTheModelWizardBuildsWithoutErrors() throws Exception {
        IProject project = ThermogenProjects.create("models" + (++projects), null).getProject();
        for (StartingPoint start : StartingPoint.values()) {
            String file = "my-" + start.name().toLowerCase() + ".gen";
            NewModelWizard wizard = new NewModelWizard();
            wizard.init(PlatformUI.getWorkbench(), new StructuredSelection(project.getFolder("src")));
            WizardDialog dialog = new WizardDialog(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), wizard);
            dialog.setBlockOnOpen(false);
            dialog.open();
            try {
                wizard.page().setFileName(file);
                wizard.page().setStartingPoint(start);
                assertTrue(wizard.performFinish(), "the wizard did not finish for " + start);
            } finally {
                dialog.close();
            }
            assertTrue(project.getFile("src/" + file).exists(), file);
        }
        Ui.build();
        assertEquals(List.of(), errors(project, ProblemMarkers.TYPE));
        assertEquals(List.of(), errors(project, IJavaModelMarker.JAVA_MODEL_PROBLEM_MARKER));
        for (StartingPoint start : StartingPoint.values()) {
            String model = StartingPoint.modelName("my-" + start.name().toLowerCase() + ".gen");
            assertNotNull(project.getFile("bin/models/" + model + ".class"), model);
            assertTrue(project.getFile("bin/models/" + model + ".class").exists(), "no compiled " + model);
        }
    }

    @Test
    void convertingAPlainProjectMakesItsModelsCompile() throws Exception {
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject("plain" + (++projects));
        project.create(null);
        project.open(null);
        Ui.create(project.getFile("src/tests/ising.gen"), Models.ISING);

        org.eclipse.ui.handlers.IHandlerService handlers = PlatformUI.getWorkbench()
                .getService(org.eclipse.ui.handlers.IHandlerService.class);
        org.eclipse.core.expressions.EvaluationContext context = new org.eclipse.core.expressions.EvaluationContext(
                handlers.getCurrentState(), List.of(project));
        context.addVariable(org.eclipse.ui.ISources.ACTIVE_CURRENT_SELECTION_NAME, new StructuredSelection(project));
        Object job = handlers.executeCommandInContext(new org.eclipse.core.commands.ParameterizedCommand(
                PlatformUI.getWorkbench().getService(org.eclipse.ui.commands.ICommandService.class)
                        .getCommand("org.thermogen.lang.ui.convert"), null), null, context);
        ((org.eclipse.core.runtime.jobs.Job) job).join();

        assertTrue(project.hasNature(ThermogenNature.ID));
        Ui.build();
        assertTrue(project.getFile("bin/tests/ising/Ising16.class").exists(), "the converted project's model did not compile");
        assertEquals(List.of(), errors(project, IJavaModelMarker.JAVA_MODEL_PROBLEM_MARKER));
    }

    private static ByteArrayInputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Error markers of {@code type} in the project as "line N: message". */
    private static List<String> errors(IProject project, String type) throws CoreException {
        return Arrays.stream(project.findMarkers(type, true, IResource.DEPTH_INFINITE))
                .filter(m -> m.getAttribute(IMarker.SEVERITY, -1) == IMarker.SEVERITY_ERROR)
                .map(m -> "line " + m.getAttribute(IMarker.LINE_NUMBER, -1) + ": " + m.getAttribute(IMarker.MESSAGE, "")
                        + " (" + m.getResource().getFullPath() + ")")
                .toList();
    }

    static {
        ResourcesPlugin.getWorkspace();
    }
}
