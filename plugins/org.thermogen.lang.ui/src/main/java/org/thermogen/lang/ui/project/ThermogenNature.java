package org.thermogen.lang.ui.project;

import org.eclipse.core.resources.ICommand;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IProjectDescription;
import org.eclipse.core.resources.IProjectNature;
import org.eclipse.core.runtime.CoreException;
import org.thermogen.lang.ui.builder.ThermogenBuilder;

/**
 * The nature of projects whose .gen files are compiled to Java in {@code src-gen}: it puts
 * the Thermogen builder on the project, before the Java builder so that JDT compiles what
 * it wrote in the same build.
 */
public final class ThermogenNature implements IProjectNature {
    public static final String ID = "org.thermogen.lang.ui.nature";

    private IProject project;

    @Override
    public void configure() throws CoreException {
        IProjectDescription description = project.getDescription();
        ICommand[] commands = description.getBuildSpec();
        for (ICommand c : commands) {
            if (ThermogenBuilder.ID.equals(c.getBuilderName())) {
                return;
            }
        }
        ICommand ours = description.newCommand();
        ours.setBuilderName(ThermogenBuilder.ID);
        ICommand[] updated = new ICommand[commands.length + 1];
        updated[0] = ours;
        System.arraycopy(commands, 0, updated, 1, commands.length);
        description.setBuildSpec(updated);
        project.setDescription(description, null);
    }

    @Override
    public void deconfigure() throws CoreException {
        IProjectDescription description = project.getDescription();
        description.setBuildSpec(java.util.Arrays.stream(description.getBuildSpec())
                .filter(c -> !ThermogenBuilder.ID.equals(c.getBuilderName())).toArray(ICommand[]::new));
        project.setDescription(description, null);
    }

    @Override
    public IProject getProject() {
        return project;
    }

    @Override
    public void setProject(IProject project) {
        this.project = project;
    }
}
