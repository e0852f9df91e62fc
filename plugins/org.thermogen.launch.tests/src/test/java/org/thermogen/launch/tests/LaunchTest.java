package org.thermogen.launch.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.eclipse.core.expressions.EvaluationContext;
import org.eclipse.core.expressions.EvaluationResult;
import org.eclipse.core.expressions.Expression;
import org.eclipse.core.expressions.ExpressionConverter;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IFolder;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IncrementalProjectBuilder;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.model.IProcess;
import org.eclipse.debug.ui.ILaunchShortcut2;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.custom.CLabel;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Link;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IFileEditorInput;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.part.FileEditorInput;
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
        assertEquals(0, process.getExitValue(), consoleText(process));
        IFile metrics = file.getProject().getFile("runs/short/metrics.csv");
        waitUntil("metrics.csv", 60, metrics::exists);
        // The last row is epoch 3 of the 3 the configuration asked for, not the model's 40.
        String csv = new String(metrics.getContents().readAllBytes(), StandardCharsets.UTF_8);
        String last = csv.strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("3,"), csv);
    }

    /**
     * Continue the training saved in the output folder: the launch passes --resume, and the
     * runner continues the state the first launch saved (after its last epoch, so nothing is
     * left to train) instead of starting afresh.
     */
    @Test
    void aConfigurationThatContinuesResumesTheRunSavedInItsOutputFolder() throws Exception {
        IFile file = project(MODEL);
        ILaunchConfigurationWorkingCopy copy = ThermogenLaunchShortcut.configuration(file).getWorkingCopy();
        copy.setAttribute(LaunchAttributes.ACTION, "train");
        copy.setAttribute(LaunchAttributes.EPOCHS, 3);
        copy.setAttribute(LaunchAttributes.OUTPUT, "runs/resumed");
        // A state after every epoch (a short run would otherwise end before the first is due).
        copy.setAttribute(org.eclipse.jdt.launching.IJavaLaunchConfigurationConstants.ATTR_PROGRAM_ARGUMENTS,
                "--checkpoint-every 0");
        ILaunch first = copy.doSave().launch("run", null);
        waitUntil("the first JVM to end", 180, first::isTerminated);
        assertEquals(0, first.getProcesses()[0].getExitValue(), consoleText(first.getProcesses()[0]));
        assertTrue(file.getProject().getFile("runs/resumed/training-state.json").getLocation().toFile().exists());

        copy = copy.getOriginal().getWorkingCopy();
        copy.setAttribute(LaunchAttributes.RESUME, true);
        ILaunch second = copy.doSave().launch("run", null);
        waitUntil("the second JVM to end", 180, second::isTerminated);
        IProcess process = second.getProcesses()[0];
        waitUntil("the continuing line in the console", 60, () -> consoleText(process).contains("after epoch 3"));
        String console = consoleText(process);
        assertEquals(0, process.getExitValue(), console);
        assertTrue(console.contains("continuing the run saved in ") && console.contains("after epoch 3"), console);
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

    @Test
    void runAsOffersTheShortcutOnGenFilesAndTheirEditorsAndReusesItsConfiguration() throws Exception {
        IFile file = project(MODEL);
        IConfigurationElement shortcut = shortcutExtension();
        // The Run As menu evaluates the shortcut's enablement on the selection (Project
        // Explorer) or on the editor's input (editor), as the debug UI builds its context.
        assertTrue(offered(shortcut, file), "not offered on a .gen file");
        assertTrue(offered(shortcut, new FileEditorInput(file)), "not offered in the .gen file's editor");
        assertFalse(offered(shortcut, file.getProject().getFile(".project")), "offered on a file that is no model");

        ILaunchShortcut2 runAs = (ILaunchShortcut2) shortcut.createExecutableExtension("class");
        IEditorPart editor = IDE.openEditor(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage(), file);
        assertEquals(0, runAs.getLaunchConfigurations(editor).length, "a configuration before the first launch");
        assertEquals(file, runAs.getLaunchableResource(editor));

        runAs.launch(editor, "run");
        ILaunch first = waitForLaunch(file);
        waitUntil("the model's JVM to end", 180, first::isTerminated);
        assertEquals(0, first.getProcesses()[0].getExitValue(), consoleText(first.getProcesses()[0]));
        assertEquals("run", first.getLaunchConfiguration().getAttribute(LaunchAttributes.ACTION, ""));

        // From the Project Explorer's selection: the same configuration, not a second one.
        runAs.launch(new StructuredSelection(file), "run");
        ILaunch second = waitForLaunch(file, first);
        assertEquals(first.getLaunchConfiguration(), second.getLaunchConfiguration());
        assertEquals(1, runAs.getLaunchConfigurations(new StructuredSelection(file)).length);
        waitUntil("the second JVM to end", 180, second::isTerminated);
        assertEquals(0, second.getProcesses()[0].getExitValue(), consoleText(second.getProcesses()[0]));
        waitUntil("the progress jobs to finish", 60,
                () -> Job.getJobManager().find(org.thermogen.launch.ThermogenLaunchDelegate.JOBS).length == 0);
    }

    @Test
    void aFailingRunShowsTheModelsErrorLineInADialog() throws Exception {
        IFile file = project(MODEL);
        ILaunchConfigurationWorkingCopy copy = ThermogenLaunchShortcut.configuration(file).getWorkingCopy();
        // Evaluating an output folder that holds no checkpoint: the JVM's user error, exit 1.
        copy.setAttribute(LaunchAttributes.ACTION, "eval");
        copy.setAttribute(LaunchAttributes.OUTPUT, "runs/untrained");
        // The test harness sets JFace's automated mode, in which the workbench shows no status
        // dialogs at all; the user's workbench does, so this test runs as the user's would.
        boolean automated = ErrorDialog.AUTOMATED_MODE;
        ErrorDialog.AUTOMATED_MODE = false;
        try {
            Set<Shell> before = Set.of(Display.getCurrent().getShells());
            ILaunch launch = copy.doSave().launch("run", null);
            waitUntil("the model's JVM to end", 180, launch::isTerminated);
            IProcess process = launch.getProcesses()[0];
            assertEquals(1, process.getExitValue());
            // The JVM's stderr as the user sees it, in the process console (which takes the stream
            // monitors' contents over, so they are read there).
            org.eclipse.ui.console.TextConsole console = (org.eclipse.ui.console.TextConsole) org.eclipse.debug.ui.DebugUITools
                    .getConsole(process);
            waitUntil("the error line in the console", 60, () -> console.getDocument().get().contains("no checkpoint"));
            String err = console.getDocument().get().lines().filter(l -> l.startsWith("error: ")).findFirst().orElse("");
            assertTrue(err.endsWith("no checkpoint; train first (action train or run)"), console.getDocument().get());

            Shell[] dialog = new Shell[1];
            try {
                waitUntil("a dialog naming the error", 60, () -> {
                    for (Shell shell : Display.getCurrent().getShells()) {
                        if (!before.contains(shell) && !shell.isDisposed() && shell.isVisible()
                                && texts(shell).contains("no checkpoint; train first")) {
                            dialog[0] = shell;
                            return true;
                        }
                    }
                    return false;
                });
            } catch (AssertionError e) {
                StringBuilder shells = new StringBuilder();
                for (Shell shell : Display.getCurrent().getShells()) {
                    shells.append("\n--- shell ").append(shell.isVisible() ? "" : "(hidden) ").append(texts(shell));
                }
                fail(e.getMessage() + "; the shells:" + shells);
            }
            String shown = texts(dialog[0]);
            dialog[0].close();
            assertTrue(shown.contains("Thermogen eval Ising8 failed: "), shown);
            // The user's line without its "error: " prefix, and not a stack trace.
            assertTrue(shown.contains(err.substring("error: ".length())), shown);
            assertFalse(shown.contains("Exception"), shown);
        } finally {
            ErrorDialog.AUTOMATED_MODE = automated;
        }
    }

    private static IConfigurationElement shortcutExtension() {
        for (IConfigurationElement e : Platform.getExtensionRegistry()
                .getConfigurationElementsFor("org.eclipse.debug.ui.launchShortcuts")) {
            if ("org.thermogen.launch.shortcut".equals(e.getAttribute("id"))) {
                return e;
            }
        }
        return fail("no launch shortcut org.thermogen.launch.shortcut");
    }

    /** Whether Run As shows {@code shortcut} for {@code selected}, evaluated as the debug UI does. */
    private static boolean offered(IConfigurationElement shortcut, Object selected) throws CoreException {
        IConfigurationElement enablement = shortcut.getChildren("contextualLaunch")[0].getChildren("enablement")[0];
        Expression expression = ExpressionConverter.getDefault().perform(enablement);
        List<Object> selection = List.of(selected);
        EvaluationContext context = new EvaluationContext(null, selection);
        context.addVariable("selection", selection);
        context.setAllowPluginActivation(true);
        return expression.evaluate(context) == EvaluationResult.TRUE;
    }

    /**
     * Waits for a launch of a configuration of {@code file} other than {@code earlier}, and
     * returns it. (The debug UI may remove terminated launches when a new one starts, so
     * launches are told apart by identity, not counted.)
     */
    private static ILaunch waitForLaunch(IFile file, ILaunch... earlier) {
        ILaunch[] found = new ILaunch[1];
        waitUntil("a new launch of " + file.getName(), 120, () -> {
            for (ILaunch l : DebugPlugin.getDefault().getLaunchManager().getLaunches()) {
                try {
                    if (!List.of(earlier).contains(l) && l.getLaunchConfiguration() != null
                            && file.equals(LaunchAttributes.file(l.getLaunchConfiguration())) && l.getProcesses().length > 0) {
                        found[0] = l;
                        return true;
                    }
                } catch (CoreException e) {
                    throw new IllegalStateException(e);
                }
            }
            return false;
        });
        return found[0];
    }

    /**
     * What {@code process} printed, from its console: the console takes the stream monitors'
     * contents over, so a failure message read from them would be empty.
     */
    private static String consoleText(IProcess process) {
        return org.eclipse.debug.ui.DebugUITools.getConsole(process) instanceof org.eclipse.ui.console.TextConsole c
                ? c.getDocument().get() : "(no console)";
    }

    /** The texts a shell shows: its title and those of its labels and text fields. */
    private static String texts(Control control) {
        StringBuilder b = new StringBuilder();
        if (control instanceof Shell s) {
            b.append(s.getText()).append('\n');
        } else if (control instanceof Label l) {
            b.append(l.getText()).append('\n');
        } else if (control instanceof Text t) {
            b.append(t.getText()).append('\n');
        } else if (control instanceof CLabel l) {
            b.append(l.getText()).append('\n');
        } else if (control instanceof Link l) {
            b.append(l.getText()).append('\n');
        }
        if (control instanceof Composite c) {
            for (Control child : c.getChildren()) {
                b.append(texts(child));
            }
        }
        return b.toString();
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
