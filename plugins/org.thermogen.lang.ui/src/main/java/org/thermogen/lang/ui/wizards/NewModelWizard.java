package org.thermogen.lang.ui.wizards;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.INewWizard;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.dialogs.WizardNewFileCreationPage;
import org.eclipse.ui.ide.IDE;
import org.thermogen.lang.ui.project.ThermogenProjects;

/** File > New > Thermogen Model: a .gen file started from a small runnable model. */
public final class NewModelWizard extends Wizard implements INewWizard {
    private IWorkbench workbench;
    private IStructuredSelection selection;
    private Page page;

    @Override
    public void init(IWorkbench workbench, IStructuredSelection selection) {
        this.workbench = workbench;
        this.selection = selection;
        setWindowTitle("New Thermogen Model");
        setNeedsProgressMonitor(true);
    }

    @Override
    public void addPages() {
        page = new Page(selection);
        addPage(page);
    }

    /** The wizard's page, once the wizard's pages are created. */
    public Page page() {
        return page;
    }

    @Override
    public boolean performFinish() {
        IFile file = page.createNewFile();
        if (file == null) {
            return false;
        }
        if (workbench != null && workbench.getActiveWorkbenchWindow() != null) {
            IWorkbenchPage active = workbench.getActiveWorkbenchWindow().getActivePage();
            try {
                IDE.openEditor(active, file, true);
            } catch (PartInitException e) {
                ErrorDialog.openError(getShell(), "New Thermogen Model", "The model was created but cannot be opened.",
                        e.getStatus());
            }
        }
        return true;
    }

    /** The page: where, which name, and which model to start from. */
    public static final class Page extends WizardNewFileCreationPage {
        private Combo start;
        private StartingPoint chosen = StartingPoint.BOLTZMANN;

        Page(IStructuredSelection selection) {
            super("model", selection);
            setTitle("Thermogen Model");
            setDescription("Create a .gen file with a model you can run at once.");
            setFileExtension("gen");
            setFileName("model.gen");
        }

        @Override
        protected void createAdvancedControls(Composite parent) {
            Composite row = new Composite(parent, SWT.NONE);
            row.setLayout(new GridLayout(2, false));
            row.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
            new Label(row, SWT.NONE).setText("Start from:");
            start = new Combo(row, SWT.READ_ONLY);
            for (StartingPoint p : StartingPoint.values()) {
                start.add(p.label());
            }
            start.select(chosen.ordinal());
            start.addListener(SWT.Selection, e -> chosen = StartingPoint.values()[start.getSelectionIndex()]);
            start.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
            super.createAdvancedControls(parent);
        }

        /** The starting point, for tests that drive the page without clicking. */
        public void setStartingPoint(StartingPoint p) {
            chosen = p;
            if (start != null && !start.isDisposed()) {
                start.select(p.ordinal());
            }
        }

        @Override
        protected InputStream getInitialContents() {
            IPath folder = getContainerFullPath();
            String[] segments = folder == null ? new String[0] : packageSegments(folder);
            try {
                String text = chosen.text(StartingPoint.packageName(segments), StartingPoint.modelName(getFileName()));
                return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
            } catch (CoreException e) {
                setErrorMessage(e.getMessage());
                return null;
            }
        }

        /** The folder's path below the project's {@code src}, or below the project. */
        private static String[] packageSegments(IPath folder) {
            IPath inProject = folder.removeFirstSegments(1);
            if (inProject.segmentCount() > 0 && inProject.segment(0).equals(ThermogenProjects.SOURCE_FOLDER)) {
                inProject = inProject.removeFirstSegments(1);
            }
            return inProject.segments();
        }
    }
}
