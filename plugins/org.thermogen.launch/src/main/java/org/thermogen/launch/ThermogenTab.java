package org.thermogen.launch;

import java.util.Arrays;
import java.util.List;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.Path;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.ui.AbstractLaunchConfigurationTab;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.dialogs.ElementTreeSelectionDialog;
import org.eclipse.ui.model.BaseWorkbenchContentProvider;
import org.eclipse.ui.model.WorkbenchLabelProvider;
import org.thermogen.lang.ui.project.ThermogenProjects;

/** The model to run and how: project, .gen file, model, action, data, epochs, seed, output folder, resume. */
public final class ThermogenTab extends AbstractLaunchConfigurationTab {
    private Text project;
    private Text file;
    private Combo model;
    private Combo action;
    private Text data;
    private Text epochs;
    private Text seed;
    private Text output;
    private Button resume;

    @Override
    public void createControl(Composite parent) {
        Composite c = new Composite(parent, SWT.NONE);
        c.setLayout(new GridLayout(3, false));
        setControl(c);
        project = row(c, "&Project:");
        button(c, "Browse...", this::chooseProject);
        file = row(c, "&Model file:");
        button(c, "Browse...", this::chooseFile);
        label(c, "M&odel:");
        model = combo(c, SWT.DROP_DOWN);
        label(c, "&Action:");
        action = combo(c, SWT.READ_ONLY);
        action.setItems(LaunchAttributes.ACTIONS);
        data = row(c, "&Data folder:");
        label(c, "(empty: the file's folder)");
        epochs = row(c, "&Epochs:");
        label(c, "(0: as the model declares)");
        seed = row(c, "&Seed:");
        label(c, "");
        output = row(c, "O&utput folder:");
        label(c, "(empty: out/<model>)");
        label(c, "");
        resume = new Button(c, SWT.CHECK);
        resume.setText("&Continue the training saved in the output folder (train and run)");
        resume.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        resume.addListener(SWT.Selection, e -> changed());
        file.addModifyListener(e -> fillModels());
    }

    private Text row(Composite c, String label) {
        label(c, label);
        Text t = new Text(c, SWT.BORDER | SWT.SINGLE);
        t.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        t.addModifyListener(e -> changed());
        return t;
    }

    private Combo combo(Composite c, int style) {
        Combo combo = new Combo(c, style);
        combo.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        combo.addModifyListener(e -> changed());
        return combo;
    }

    private static void label(Composite c, String text) {
        new Label(c, SWT.NONE).setText(text);
    }

    private static void button(Composite c, String text, Runnable action) {
        Button b = new Button(c, SWT.PUSH);
        b.setText(text);
        b.addListener(SWT.Selection, e -> action.run());
    }

    private void changed() {
        setDirty(true);
        updateLaunchConfigurationDialog();
    }

    private void chooseProject() {
        IProject[] projects = Arrays.stream(ResourcesPlugin.getWorkspace().getRoot().getProjects())
                .filter(ThermogenProjects::isThermogen).toArray(IProject[]::new);
        org.eclipse.ui.dialogs.ElementListSelectionDialog dialog = new org.eclipse.ui.dialogs.ElementListSelectionDialog(
                getShell(), new WorkbenchLabelProvider());
        dialog.setTitle("Thermogen project");
        dialog.setMessage("Choose a Thermogen project:");
        dialog.setElements(projects);
        if (dialog.open() == ElementTreeSelectionDialog.OK && dialog.getFirstResult() instanceof IProject p) {
            project.setText(p.getName());
        }
    }

    private void chooseFile() {
        IProject p = project();
        ElementTreeSelectionDialog dialog = new ElementTreeSelectionDialog(getShell(), new WorkbenchLabelProvider(),
                new BaseWorkbenchContentProvider());
        dialog.setTitle("Model file");
        dialog.setMessage("Choose a .gen file:");
        dialog.setInput(p != null && p.exists() ? p : ResourcesPlugin.getWorkspace().getRoot());
        dialog.addFilter(new org.eclipse.jface.viewers.ViewerFilter() {
            @Override
            public boolean select(org.eclipse.jface.viewers.Viewer viewer, Object parent, Object element) {
                return !(element instanceof IFile f) || "gen".equals(f.getFileExtension());
            }
        });
        dialog.setValidator(selection -> selection.length == 1 && selection[0] instanceof IFile
                ? org.eclipse.core.runtime.Status.OK_STATUS : org.eclipse.core.runtime.Status.error("choose a .gen file"));
        if (dialog.open() == ElementTreeSelectionDialog.OK && dialog.getFirstResult() instanceof IFile f) {
            project.setText(f.getProject().getName());
            file.setText(f.getProjectRelativePath().toPortableString());
        }
    }

    private IProject project() {
        String name = project.getText().strip();
        return name.isEmpty() || !new Path("/").isValidSegment(name) ? null
                : ResourcesPlugin.getWorkspace().getRoot().getProject(name);
    }

    private IFile genFile() {
        IProject p = project();
        String f = file.getText().strip();
        return p == null || f.isEmpty() ? null : p.getFile(new Path(f));
    }

    /** The model combo lists the models of the chosen file. */
    private void fillModels() {
        IFile f = genFile();
        String current = model.getText();
        model.removeAll();
        if (f != null && f.exists()) {
            try {
                for (GenModels.Entry e : GenModels.of(f).models()) {
                    model.add(e.name());
                }
            } catch (CoreException e) {
                setErrorMessage(e.getMessage());
            }
        }
        model.setText(current);
    }

    /** The models the combo offers, for tests. */
    public List<String> models() {
        return Arrays.asList(model.getItems());
    }

    @Override
    public void setDefaults(ILaunchConfigurationWorkingCopy c) {
        LaunchAttributes.setDefaults(c, null, null);
    }

    @Override
    public void initializeFrom(ILaunchConfiguration c) {
        try {
            project.setText(c.getAttribute(LaunchAttributes.PROJECT, ""));
            file.setText(c.getAttribute(LaunchAttributes.FILE, ""));
            fillModels();
            model.setText(c.getAttribute(LaunchAttributes.MODEL, ""));
            action.setText(c.getAttribute(LaunchAttributes.ACTION, "run"));
            data.setText(c.getAttribute(LaunchAttributes.DATA, ""));
            epochs.setText(Integer.toString(c.getAttribute(LaunchAttributes.EPOCHS, 0)));
            seed.setText(Integer.toString(c.getAttribute(LaunchAttributes.SEED, 0)));
            output.setText(c.getAttribute(LaunchAttributes.OUTPUT, ""));
            resume.setSelection(c.getAttribute(LaunchAttributes.RESUME, false));
        } catch (CoreException e) {
            setErrorMessage(e.getMessage());
        }
        setDirty(false);
    }

    @Override
    public void performApply(ILaunchConfigurationWorkingCopy c) {
        c.setAttribute(LaunchAttributes.PROJECT, project.getText().strip());
        c.setAttribute(LaunchAttributes.FILE, file.getText().strip());
        c.setAttribute(LaunchAttributes.MODEL, model.getText().strip());
        c.setAttribute(LaunchAttributes.ACTION, action.getText());
        c.setAttribute(LaunchAttributes.DATA, data.getText().strip());
        c.setAttribute(LaunchAttributes.EPOCHS, number(epochs, 0));
        c.setAttribute(LaunchAttributes.SEED, number(seed, 0));
        c.setAttribute(LaunchAttributes.OUTPUT, output.getText().strip());
        c.setAttribute(LaunchAttributes.RESUME, resume.getSelection());
    }

    private static int number(Text t, int otherwise) {
        try {
            return Integer.parseInt(t.getText().strip());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    @Override
    public boolean isValid(ILaunchConfiguration c) {
        setErrorMessage(null);
        IProject p = project();
        if (p == null || !p.exists()) {
            setErrorMessage("Choose a Thermogen project");
            return false;
        }
        IFile f = genFile();
        if (f == null || !f.exists() || !"gen".equals(f.getFileExtension())) {
            setErrorMessage("Choose an existing .gen file of " + p.getName());
            return false;
        }
        if (!model.getText().isBlank() && !models().contains(model.getText().strip())) {
            setErrorMessage(f.getName() + " declares no model " + model.getText().strip() + " (models: "
                    + String.join(", ", models()) + ")");
            return false;
        }
        for (Text t : new Text[] {epochs, seed}) {
            try {
                if (Integer.parseInt(t.getText().strip()) < 0) {
                    setErrorMessage("Epochs and seed are whole numbers of 0 or more");
                    return false;
                }
            } catch (NumberFormatException e) {
                setErrorMessage("Epochs and seed are whole numbers of 0 or more");
                return false;
            }
        }
        if (!data.getText().isBlank() && p.findMember(data.getText().strip()) == null) {
            setErrorMessage("No folder " + data.getText().strip() + " in " + p.getName());
            return false;
        }
        if (p.findMember(f.getProjectRelativePath()) != null
                && !ThermogenProjects.isThermogen(p)) {
            setErrorMessage(p.getName() + " is not a Thermogen project: Configure > Convert to Thermogen Project");
            return false;
        }
        return true;
    }

    @Override
    public String getName() {
        return "Thermogen";
    }

    @Override
    public Image getImage() {
        return ThermogenImages.icon();
    }

}
