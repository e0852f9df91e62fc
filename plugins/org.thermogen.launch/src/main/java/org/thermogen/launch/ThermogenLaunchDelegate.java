package org.thermogen.launch;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.core.resources.IContainer;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Path;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.model.IProcess;
import org.eclipse.jdt.launching.AbstractJavaLaunchConfigurationDelegate;
import org.eclipse.jdt.launching.IVMRunner;
import org.eclipse.jdt.launching.VMRunnerConfiguration;
import org.thermogen.lang.ui.project.RuntimeContainer;
import org.thermogen.lang.ui.validation.ProblemMarkers;

/**
 * Runs a model of a .gen file: {@code org.thermogen.run.JobMain} on the generated
 * class, in a JVM with the project's class path (its compiled {@code src-gen} and the
 * Thermogen runtime) and the job runner bundle, and the configuration's JRE, working directory the file's folder. A
 * {@link LaunchMonitor} then shows progress, refreshes the output folder and opens the samples.
 */
public final class ThermogenLaunchDelegate extends AbstractJavaLaunchConfigurationDelegate {
    /** The job runner's entry point for launches. */
    public static final String MAIN = "org.thermogen.run.JobMain";

    /** The bundle that holds {@link #MAIN}. */
    static final String RUNNER = "org.thermogen.run";

    /** The family of the jobs that follow launched models in the Progress view. */
    public static final Object JOBS = new Object();

    @Override
    public void launch(ILaunchConfiguration config, String mode, ILaunch launch, IProgressMonitor monitor)
            throws CoreException {
        SubMonitor progress = SubMonitor.convert(monitor, "Launching " + config.getName(), 4);
        IFile file = LaunchAttributes.file(config);
        if (file == null || !file.exists()) {
            throw abort(config.getName() + ": choose an existing .gen file on the Thermogen tab"
                    + (file == null ? "" : " (" + file.getFullPath() + " does not exist)"));
        }
        requireNoErrors(file);
        GenModels models = GenModels.of(file);
        String name = config.getAttribute(LaunchAttributes.MODEL, "");
        GenModels.Entry model = name.isEmpty() ? models.preferred() : models.model(name);
        if (model == null) {
            throw abort(file.getName() + " declares no model " + (name.isEmpty() ? "" : name + " ") + "(models: "
                    + String.join(", ", models.models().stream().map(GenModels.Entry::name).toList()) + ")");
        }
        String action = config.getAttribute(LaunchAttributes.ACTION, "run");
        IContainer data = dataFolder(config, file);
        IContainer out = outputFolder(config, file, model.name());
        progress.worked(1);

        File progressFile;
        try {
            progressFile = Files.createTempFile("thermogen-progress", ".log").toFile();
            progressFile.deleteOnExit();
        } catch (IOException e) {
            throw abort("cannot create a temporary file for the launch's progress: " + e.getMessage());
        }
        List<String> args = new ArrayList<>(List.of("--model", model.className(), "--action", action,
                "--out", out.getLocation().toOSString(), "--base", data.getLocation().toOSString(),
                "--seed", Integer.toString(config.getAttribute(LaunchAttributes.SEED, 0)),
                "--progress", progressFile.getAbsolutePath()));
        int epochs = config.getAttribute(LaunchAttributes.EPOCHS, 0);
        if (epochs > 0 && !action.equals("sample") && !action.equals("eval")) {
            args.addAll(List.of("--epochs", Integer.toString(epochs)));
        }
        boolean trains = action.equals("run") || action.equals("train");
        if (trains && config.getAttribute(LaunchAttributes.RESUME, false)) {
            // As thermogen train --resume: the training saved in the output folder goes on where it stopped.
            args.addAll(List.of("--resume", out.getLocation().toOSString()));
        }
        args.addAll(Arrays.asList(DebugPlugin.parseArguments(getProgramArguments(config))));

        // The project's class path has the runtime (its container); the runner comes from this workbench.
        List<String> classpath = new ArrayList<>(Arrays.asList(getClasspathAndModulepath(config)[0]));
        classpath.add(RuntimeContainer.location(RUNNER).toOSString());
        VMRunnerConfiguration run = new VMRunnerConfiguration(MAIN, classpath.toArray(String[]::new));
        run.setProgramArguments(args.toArray(String[]::new));
        run.setVMArguments(DebugPlugin.parseArguments(getVMArguments(config)));
        run.setEnvironment(getEnvironment(config));
        run.setWorkingDirectory(file.getParent().getLocation().toOSString());
        run.setVMSpecificAttributesMap(getVMSpecificAttributesMap(config));
        if (progress.isCanceled()) {
            return;
        }
        setDefaultSourceLocator(launch, config);
        IVMRunner runner = getVMRunner(config, mode);
        runner.run(run, launch, progress.split(2));
        IProcess[] processes = launch.getProcesses();
        if (processes.length > 0) {
            new LaunchMonitor(processes[processes.length - 1], model.name(), action, out, progressFile).start();
        }
        progress.done();
    }

    /** A model with errors has no (current) class: say which error to fix instead of running stale code. */
    private static void requireNoErrors(IFile file) throws CoreException {
        for (IMarker m : file.findMarkers(ProblemMarkers.TYPE, false, IResource.DEPTH_ZERO)) {
            if (m.getAttribute(IMarker.SEVERITY, -1) == IMarker.SEVERITY_ERROR) {
                throw abort(file.getName() + " has errors; fix them first (line " + m.getAttribute(IMarker.LINE_NUMBER, 0)
                        + ": " + m.getAttribute(IMarker.MESSAGE, "") + ")");
            }
        }
    }

    private static IContainer dataFolder(ILaunchConfiguration config, IFile file) throws CoreException {
        String data = config.getAttribute(LaunchAttributes.DATA, "");
        if (data.isBlank()) {
            return file.getParent();
        }
        IContainer folder = file.getProject().getFolder(new Path(data));
        if (!folder.exists()) {
            throw abort("the data folder " + folder.getFullPath() + " does not exist; change it on the Thermogen tab");
        }
        return folder;
    }

    private static IContainer outputFolder(ILaunchConfiguration config, IFile file, String model) throws CoreException {
        String out = config.getAttribute(LaunchAttributes.OUTPUT, "");
        return file.getProject().getFolder(new Path(out.isBlank() ? "out/" + model : out));
    }

    static CoreException abort(String message) {
        return new CoreException(Status.error(message));
    }
}
