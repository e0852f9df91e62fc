package org.thermogen.lang.ui.project;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.WorkspaceJob;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.handlers.HandlerUtil;

/**
 * Configure > Convert to Thermogen Project: adds the nature, {@code src-gen} and the runtime
 * to the selected projects (making them Java projects if they are not), in a workspace job
 * whose failure the platform reports in a dialog.
 */
public final class ConvertHandler extends AbstractHandler {
    @Override
    public Object execute(ExecutionEvent event) {
        List<IProject> projects = new ArrayList<>();
        if (HandlerUtil.getCurrentSelection(event) instanceof IStructuredSelection selection) {
            for (Object o : selection) {
                IProject p = Adapters.adapt(o, IProject.class);
                if (p != null && p.isOpen() && !ThermogenProjects.isThermogen(p)) {
                    projects.add(p);
                }
            }
        }
        if (projects.isEmpty()) {
            return null;
        }
        WorkspaceJob job = new WorkspaceJob("Converting to Thermogen projects") {
            @Override
            public IStatus runInWorkspace(IProgressMonitor monitor) throws CoreException {
                SubMonitor progress = SubMonitor.convert(monitor, projects.size());
                for (IProject p : projects) {
                    ThermogenProjects.configure(p, progress.split(1));
                }
                return Status.OK_STATUS;
            }
        };
        job.setRule(projects.get(0).getWorkspace().getRoot());
        job.setUser(true);
        job.schedule();
        return job;
    }
}
