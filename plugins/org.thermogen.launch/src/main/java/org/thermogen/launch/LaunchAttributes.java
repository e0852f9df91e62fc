package org.thermogen.launch;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.Path;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.jdt.launching.IJavaLaunchConfigurationConstants;

/** The attributes of a Thermogen launch configuration, with their defaults. */
public final class LaunchAttributes {
    /** The launch configuration type's id. */
    public static final String TYPE = "org.thermogen.launch.type";
    /** The project, shared with JDT's tabs (JRE, class path). */
    public static final String PROJECT = IJavaLaunchConfigurationConstants.ATTR_PROJECT_NAME;
    /** The .gen file, relative to the project. */
    public static final String FILE = "org.thermogen.launch.file";
    /** The model's name in the file. */
    public static final String MODEL = "org.thermogen.launch.model";
    /** train, sample, eval or run. */
    public static final String ACTION = "org.thermogen.launch.action";
    /** Folder, relative to the project, that the model's relative data paths start from; empty: the file's folder. */
    public static final String DATA = "org.thermogen.launch.data";
    /** Epochs overriding the model's; 0 keeps the model's. */
    public static final String EPOCHS = "org.thermogen.launch.epochs";
    /** The run's seed. */
    public static final String SEED = "org.thermogen.launch.seed";
    /** Output folder relative to the project; empty: out/&lt;model&gt;. */
    public static final String OUTPUT = "org.thermogen.launch.output";
    /**
     * True to continue the training saved in the output folder ({@code --resume}) instead of
     * starting afresh; for the actions that train.
     */
    public static final String RESUME = "org.thermogen.launch.resume";

    /** The actions, as JobMain names them. */
    public static final String[] ACTIONS = {"run", "train", "sample", "eval"};

    private LaunchAttributes() {
    }

    /** A new configuration's values for {@code model} of {@code file}. */
    public static void setDefaults(ILaunchConfigurationWorkingCopy c, IFile file, String model) {
        if (file != null) {
            c.setAttribute(PROJECT, file.getProject().getName());
            c.setAttribute(FILE, file.getProjectRelativePath().toPortableString());
        }
        if (model != null) {
            c.setAttribute(MODEL, model);
        }
        c.setAttribute(ACTION, "run");
        c.setAttribute(DATA, "");
        c.setAttribute(EPOCHS, 0);
        c.setAttribute(SEED, 0);
        c.setAttribute(OUTPUT, "");
        c.setAttribute(RESUME, false);
    }

    static IProject project(ILaunchConfiguration c) throws CoreException {
        String name = c.getAttribute(PROJECT, "");
        return name.isEmpty() ? null : ResourcesPlugin.getWorkspace().getRoot().getProject(name);
    }

    /** The .gen file, or null when the project or file is not set. */
    public static IFile file(ILaunchConfiguration c) throws CoreException {
        IProject project = project(c);
        String file = c.getAttribute(FILE, "");
        return project == null || file.isEmpty() ? null : project.getFile(new Path(file));
    }

    /** The output folder, relative to the project. */
    public static String output(ILaunchConfiguration c) throws CoreException {
        String out = c.getAttribute(OUTPUT, "");
        return out.isBlank() ? "out/" + c.getAttribute(MODEL, "model") : out;
    }
}
