package org.thermogen.lang.ui.project;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.core.resources.IFolder;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IProjectDescription;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.jdt.core.IClasspathEntry;
import org.eclipse.jdt.core.IJavaProject;
import org.eclipse.jdt.core.JavaCore;
import org.eclipse.jdt.launching.JavaRuntime;
import org.thermogen.lang.ui.builder.ThermogenBuilder;

/**
 * Thermogen projects: Java projects with the Thermogen nature, {@code src} for .gen files
 * and hand-written Java, {@code src-gen} for what the builder generates, and the runtime on
 * the build path.
 *
 * <pre>{@code
 * IJavaProject project = ThermogenProjects.create("demo", monitor);
 * project.getProject().getFile("src/demo/ising.gen").create(text, true, monitor);  // built into src-gen
 * }</pre>
 */
public final class ThermogenProjects {
    /** The source folder of hand-written files and .gen models. */
    public static final String SOURCE_FOLDER = "src";
    /** The source folder the builder writes; derived, rewritten on every build. */
    public static final String GENERATED_FOLDER = ThermogenBuilder.GENERATED_FOLDER;

    private ThermogenProjects() {
    }

    /**
     * Creates and opens project {@code name} in the workspace root's default location.
     *
     * @throws CoreException if a resource with that name exists or cannot be created
     */
    public static IJavaProject create(String name, IProgressMonitor monitor) throws CoreException {
        return create(name, null, monitor);
    }

    /** Creates and opens project {@code name} at {@code location} (null: the workspace's default). */
    public static IJavaProject create(String name, java.net.URI location, IProgressMonitor monitor) throws CoreException {
        SubMonitor progress = SubMonitor.convert(monitor, "Creating Thermogen project " + name, 5);
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(name);
        IProjectDescription description = ResourcesPlugin.getWorkspace().newProjectDescription(name);
        description.setLocationURI(location);
        project.create(description, progress.split(1));
        project.open(progress.split(1));
        return configure(project, progress.split(3));
    }

    /** Makes an existing open project a Thermogen project (a Java project if it is not yet one). */
    public static IJavaProject configure(IProject project, IProgressMonitor monitor) throws CoreException {
        SubMonitor progress = SubMonitor.convert(monitor, 4);
        addNatures(project, progress.split(1), JavaCore.NATURE_ID, ThermogenNature.ID);
        IJavaProject java = JavaCore.create(project);
        for (String folder : new String[] {SOURCE_FOLDER, GENERATED_FOLDER}) {
            IFolder f = project.getFolder(folder);
            if (!f.exists()) {
                f.create(true, true, null);
            }
        }
        project.getFolder(GENERATED_FOLDER).setDerived(true, null);
        progress.worked(1);
        List<IClasspathEntry> entries = new ArrayList<>();
        boolean fresh = !project.getFile(".classpath").exists();
        if (!fresh) {
            entries.addAll(Arrays.asList(java.getRawClasspath()));
        }
        add(entries, JavaCore.newSourceEntry(project.getFolder(SOURCE_FOLDER).getFullPath()));
        add(entries, JavaCore.newSourceEntry(project.getFolder(GENERATED_FOLDER).getFullPath()));
        if (entries.stream().noneMatch(e -> e.getEntryKind() == IClasspathEntry.CPE_CONTAINER
                && JavaRuntime.JRE_CONTAINER.equals(e.getPath().segment(0)))) {
            entries.add(JavaRuntime.getDefaultJREContainerEntry());
        }
        add(entries, JavaCore.newContainerEntry(RuntimeContainer.PATH));
        if (fresh) {
            // The default source entry of a new Java project is the project itself.
            entries.removeIf(e -> e.getEntryKind() == IClasspathEntry.CPE_SOURCE
                    && e.getPath().equals(project.getFullPath()));
        }
        java.setRawClasspath(entries.toArray(IClasspathEntry[]::new), project.getFolder("bin").getFullPath(),
                progress.split(2));
        return java;
    }

    private static void add(List<IClasspathEntry> entries, IClasspathEntry entry) {
        if (entries.stream().noneMatch(e -> e.getPath().equals(entry.getPath()))) {
            entries.add(entry);
        }
    }

    private static void addNatures(IProject project, IProgressMonitor monitor, String... natures) throws CoreException {
        IProjectDescription description = project.getDescription();
        List<String> ids = new ArrayList<>(Arrays.asList(description.getNatureIds()));
        boolean changed = false;
        for (String n : natures) {
            if (!ids.contains(n)) {
                ids.add(n);
                changed = true;
            }
        }
        if (changed) {
            description.setNatureIds(ids.toArray(String[]::new));
            project.setDescription(description, monitor);
        }
    }

    /** Whether {@code project} is an open Thermogen project. */
    public static boolean isThermogen(IProject project) {
        try {
            return project.isOpen() && project.hasNature(ThermogenNature.ID);
        } catch (CoreException e) {
            return false;
        }
    }
}
