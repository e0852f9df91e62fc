package org.thermogen.lang.ui.wizards;

import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IFolder;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.jdt.core.IJavaProject;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.INewWizard;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.actions.WorkspaceModifyOperation;
import org.eclipse.ui.dialogs.WizardNewProjectCreationPage;
import org.eclipse.ui.ide.IDE;
import org.thermogen.lang.ui.project.ThermogenProjects;

/**
 * File > New > Thermogen Project: a Java project with the Thermogen nature, the runtime on
 * its build path, {@code src} and {@code src-gen}, and optionally a first model.
 */
public final class NewProjectWizard extends Wizard implements INewWizard {
    private IWorkbench workbench;
    private Page page;
    private IJavaProject created;
    private String initialName;

    @Override
    public void init(IWorkbench workbench, IStructuredSelection selection) {
        this.workbench = workbench;
        setWindowTitle("New Thermogen Project");
        setNeedsProgressMonitor(true);
    }

    @Override
    public void addPages() {
        page = new Page();
        if (initialName != null) {
            page.setInitialProjectName(initialName);
        }
        addPage(page);
    }

    /** The name the page starts with; call before the wizard's pages are created. */
    public void setInitialProjectName(String name) {
        initialName = name;
    }

    /** The project the last finish created, or null. */
    public IJavaProject created() {
        return created;
    }

    @Override
    public boolean performFinish() {
        String name = page.getProjectName();
        URI location = page.useDefaults() ? null : page.getLocationURI();
        boolean example = page.example;
        IFile[] model = new IFile[1];
        WorkspaceModifyOperation create = new WorkspaceModifyOperation() {
            @Override
            protected void execute(org.eclipse.core.runtime.IProgressMonitor monitor) throws CoreException {
                SubMonitor progress = SubMonitor.convert(monitor, 3);
                created = ThermogenProjects.create(name, location, progress.split(2));
                if (example) {
                    model[0] = firstModel(created.getProject(), progress.split(1));
                }
            }
        };
        try {
            getContainer().run(true, true, create);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CoreException ce) {
                ErrorDialog.openError(getShell(), "New Thermogen Project", "The project could not be created.",
                        ce.getStatus());
            } else {
                MessageDialog.openError(getShell(), "New Thermogen Project",
                        "The project could not be created: " + cause);
            }
            return false;
        } catch (InterruptedException e) {
            return false;
        }
        if (model[0] != null && workbench != null && workbench.getActiveWorkbenchWindow() != null) {
            try {
                IDE.openEditor(workbench.getActiveWorkbenchWindow().getActivePage(), model[0], true);
            } catch (PartInitException e) {
                ErrorDialog.openError(getShell(), "New Thermogen Project", "The model cannot be opened.", e.getStatus());
            }
        }
        return true;
    }

    /** {@code src/<project>/ising.gen}: the Boltzmann machine starting point. */
    static IFile firstModel(IProject project, org.eclipse.core.runtime.IProgressMonitor monitor) throws CoreException {
        String pkg = StartingPoint.packageName(new String[] {project.getName()});
        IFolder folder = project.getFolder(ThermogenProjects.SOURCE_FOLDER).getFolder(pkg.replace('.', '/'));
        if (!folder.exists()) {
            folder.create(IResource.FORCE, true, monitor);
        }
        IFile file = folder.getFile("ising.gen");
        String text = StartingPoint.BOLTZMANN.text(pkg, "Ising");
        file.create(new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                IResource.FORCE, monitor);
        return file;
    }

    /** Name and location, and whether to start with an example model. */
    static final class Page extends WizardNewProjectCreationPage {
        private boolean example = true;

        Page() {
            super("project");
            setTitle("Thermogen Project");
            setDescription("A Java project whose .gen models compile to Java in src-gen, with the Thermogen runtime on its build path.");
        }

        @Override
        public void createControl(Composite parent) {
            super.createControl(parent);
            Button check = new Button((Composite) getControl(), SWT.CHECK);
            check.setText("Add an example model (a Boltzmann machine you can run at once)");
            check.setSelection(example);
            check.addListener(SWT.Selection, e -> example = check.getSelection());
        }
    }
}
