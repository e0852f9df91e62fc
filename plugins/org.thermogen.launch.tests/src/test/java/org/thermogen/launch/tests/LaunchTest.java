package org.thermogen.launch.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IFolder;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IncrementalProjectBuilder;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.model.IProcess;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IFileEditorInput;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.thermogen.lang.ui.project.ThermogenProjects;
import org.thermogen.launch.LaunchAttributes;
import org.thermogen.launch.ThermogenLaunchShortcut;
import org.thermogen.launch.ThermogenTab;
import org.thermogen.launch.viewer.ImageViewer;

/**
 * Thermogen launches in a running workbench: a configuration made by the Run As shortcut
 * runs the generated model in its own JVM and leaves its outputs in the workspace.
 */
class LaunchTest {
    private static int projects;

    /** A Boltzmann machine small enough to train in a second. */
    static final String MODEL = """
            package tests.launch

            dataset Spins8 = boltzmann_samples(units 8, n 400, coupling normal(0, 0.3), field normal(0, 0.1), seed 4)
                             split train 0.8, test 0.2 seed 7

            model Ising8 {
              visible s[8] : spin
              param J[8,8] : symmetric, zero_diagonal
              param h[8]
              energy E(s) = -sum(k < l) J[k,l] * s[k] * s[l] - h . s

              train on Spins8.train with moment_matching(expectation exact) {
                optimizer nesterov(lr auto)
                epochs 40
              }
              sample with gibbs(chains 2, sweeps 100, burnin 10, thin 2)
              evaluate log_likelihood on Spins8.test
            }
            """;

    private static IFile project(String text) throws CoreException {
        IProject project = ThermogenProjects.create("launch" + (++projects), null).getProject();
        IFolder folder = project.getFolder("src/tests");
        folder.create(true, true, null);
        IFile file = folder.getFile("ising.gen");
        file.create(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), true, null);
        ResourcesPlugin.getWorkspace().build(IncrementalProjectBuilder.INCREMENTAL_BUILD, null);
        waitUntil("the build", 120, () -> Job.getJobManager().find(ResourcesPlugin.FAMILY_AUTO_BUILD).length == 0);
        ResourcesPlugin.getWorkspace().build(IncrementalProjectBuilder.INCREMENTAL_BUILD, null);
        return file;
    }

    @Test
    void theShortcutsConfigurationRunsTheModelAndItsOutputsAppearInTheWorkspace() throws Exception {
        IFile file = project(MODEL);
        assertTrue(file.getProject().getFile("bin/tests/launch/Ising8.class").exists(), "the model was not compiled");
        ILaunchConfiguration config = ThermogenLaunchShortcut.configuration(file);
        assertEquals("Ising8", config.getAttribute(LaunchAttributes.MODEL, ""));
        assertEquals("run", config.getAttribute(LaunchAttributes.ACTION, ""));
        // Asked again, the shortcut reuses the configuration.
        assertEquals(config, ThermogenLaunchShortcut.configuration(file));

        ILaunch launch = config.launch("run", null);
        // The run shows in the Progress view while its JVM starts and trains.
        Job[] following = Job.getJobManager().find(org.thermogen.launch.ThermogenLaunchDelegate.JOBS);
        assertEquals(1, following.length);
        assertEquals("Thermogen run Ising8", following[0].getName());
        waitUntil("the model's JVM to end", 180, launch::isTerminated);
        IProcess process = launch.getProcesses()[0];
        waitUntil("the progress job to finish", 60,
                () -> Job.getJobManager().find(org.thermogen.launch.ThermogenLaunchDelegate.JOBS).length == 0);
        // What the user sees: the process console the launch opened.
        org.eclipse.ui.console.TextConsole text = (org.eclipse.ui.console.TextConsole) org.eclipse.debug.ui.DebugUITools
                .getConsole(process);
        waitUntil("the report line in the console", 60, () -> text.getDocument().get().contains("report"));
        String console = text.getDocument().get();
        assertEquals(0, process.getExitValue(), console);
        assertTrue(console.contains("Ising8: trained"), console);
        assertTrue(console.lines().anyMatch(l -> l.startsWith("Ising8: log") && l.contains("(")), console);
        assertFalse(console.contains("@thermogen"), "progress lines belong in the progress file, not the console");

        IFolder out = file.getProject().getFolder("out/Ising8");
        IFile samples = out.getFile("samples.png");
        waitUntil("samples.png in the workspace", 60, samples::exists);
        assertTrue(out.getFile("eval.json").exists() && out.getFile("checkpoint.json").exists());
        waitUntil("samples.png in the image viewer", 60, () -> {
            IEditorPart active = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage().getActiveEditor();
            return active instanceof ImageViewer viewer && viewer.getEditorInput() instanceof IFileEditorInput in
                    && in.getFile().equals(samples) && viewer.imageBounds() != null;
        });
    }

    @Test
    void epochsAndOutputFolderOfTheConfigurationAreUsed() throws Exception {
        IFile file = project(MODEL);
        ILaunchConfigurationWorkingCopy copy = ThermogenLaunchShortcut.configuration(file).getWorkingCopy();
        copy.setAttribute(LaunchAttributes.ACTION, "train");
        copy.setAttribute(LaunchAttributes.EPOCHS, 3);
        copy.setAttribute(LaunchAttributes.OUTPUT, "runs/short");
        ILaunch launch = copy.doSave().launch("run", null);
        waitUntil("the model's JVM to end", 180, launch::isTerminated);
        IProcess process = launch.getProcesses()[0];
        assertEquals(0, process.getExitValue(), process.getStreamsProxy().getErrorStreamMonitor().getContents());
        IFile metrics = file.getProject().getFile("runs/short/metrics.csv");
        waitUntil("metrics.csv", 60, metrics::exists);
        // The last row is epoch 3 of the 3 the configuration asked for, not the model's 40.
        String csv = new String(metrics.getContents().readAllBytes(), StandardCharsets.UTF_8);
        String last = csv.strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("3,"), csv);
    }

    @Test
    void aModelWithErrorsIsNotLaunchedAndTheErrorIsNamed() throws Exception {
        IFile file = project(MODEL);
        ILaunchConfiguration config = ThermogenLaunchShortcut.configuration(file);
        file.setContents(new ByteArrayInputStream(MODEL.replace("- h . s", "- hh . s").getBytes(StandardCharsets.UTF_8)),
                IResource.FORCE, null);
        ResourcesPlugin.getWorkspace().build(IncrementalProjectBuilder.INCREMENTAL_BUILD, null);
        CoreException e = assertThrows(CoreException.class, () -> config.launch("run", null));
        assertTrue(e.getMessage().startsWith("ising.gen has errors; fix them first (line 10: unknown name hh"),
                e.getMessage());
    }

    @Test
    void theTabListsTheModelsOfTheFileAndRejectsAnUnknownOne() throws Exception {
        IFile file = project(MODEL);
        ILaunchConfigurationWorkingCopy copy = ThermogenLaunchShortcut.configuration(file).getWorkingCopy();
        Shell shell = new Shell(Display.getCurrent());
        try {
            ThermogenTab tab = new ThermogenTab();
            tab.createControl(shell);
            tab.initializeFrom(copy);
            assertEquals(java.util.List.of("Ising8"), tab.models());
            assertTrue(tab.isValid(copy), tab.getErrorMessage());

            copy.setAttribute(LaunchAttributes.MODEL, "Ising9");
            tab.initializeFrom(copy);
            assertFalse(tab.isValid(copy));
            assertEquals("ising.gen declares no model Ising9 (models: Ising8)", tab.getErrorMessage());
        } finally {
            shell.dispose();
        }
    }

    /** Runs the event loop until {@code condition} holds; fails after {@code seconds}. */
    static void waitUntil(String what, int seconds, BooleanSupplier condition) {
        Display display = Display.getCurrent();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("waited " + seconds + " s for " + what);
            }
            if (!display.readAndDispatch()) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    fail("interrupted while waiting for " + what);
                }
            }
        }
    }
}
