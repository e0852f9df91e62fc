package org.thermogen.lang.ui.project;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.jdt.core.ClasspathContainerInitializer;
import org.eclipse.jdt.core.IJavaProject;
import org.eclipse.jdt.core.JavaCore;

/** Resolves {@link RuntimeContainer#PATH} for JDT, on first use in a session. */
public final class RuntimeContainerInitializer extends ClasspathContainerInitializer {
    @Override
    public void initialize(IPath containerPath, IJavaProject project) throws CoreException {
        JavaCore.setClasspathContainer(containerPath, new IJavaProject[] {project},
                new org.eclipse.jdt.core.IClasspathContainer[] {new RuntimeContainer()}, null);
    }

    @Override
    public String getDescription(IPath containerPath, IJavaProject project) {
        return "Thermogen Runtime";
    }
}
