package org.thermogen.launch;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationType;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.ILaunchShortcut2;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.statushandlers.StatusManager;

/**
 * Run As > Thermogen training, on a .gen file or in its editor: runs the file's first model
 * that declares training (train, sample, evaluate and report: the action that ends with
 * pictures to look at), reusing the configuration made the first time.
 */
public final class ThermogenLaunchShortcut implements ILaunchShortcut2 {
    @Override
    public void launch(ISelection selection, String mode) {
        IFile file = file(selection);
        if (file != null) {
            launch(file, mode);
        }
    }

    @Override
    public void launch(IEditorPart editor, String mode) {
        IFile file = editor.getEditorInput().getAdapter(IFile.class);
        if (file != null) {
            if (editor.isDirty()) {
                editor.doSave(null);
            }
            launch(file, mode);
        }
    }

    private void launch(IFile file, String mode) {
        try {
            DebugUITools.launch(configuration(file), mode);
        } catch (CoreException e) {
            StatusManager.getManager().handle(e.getStatus(), StatusManager.SHOW | StatusManager.LOG);
        }
    }

    /** The configuration for {@code file}: the first existing one, else a new saved one. */
    public static ILaunchConfiguration configuration(IFile file) throws CoreException {
        ILaunchConfiguration[] existing = existing(file);
        if (existing.length > 0) {
            return existing[0];
        }
        GenModels models = GenModels.of(file);
        GenModels.Entry model = models.preferred();
        if (model == null) {
            throw ThermogenLaunchDelegate.abort(file.getName() + " declares no model to run");
        }
        ILaunchManager manager = DebugPlugin.getDefault().getLaunchManager();
        ILaunchConfigurationType type = manager.getLaunchConfigurationType(LaunchAttributes.TYPE);
        String name = manager.generateLaunchConfigurationName(file.getName().replace(".gen", "") + " " + model.name());
        ILaunchConfigurationWorkingCopy copy = type.newInstance(null, name);
        LaunchAttributes.setDefaults(copy, file, model.name());
        copy.setMappedResources(new IResource[] {file});
        return copy.doSave();
    }

    private static ILaunchConfiguration[] existing(IFile file) throws CoreException {
        ILaunchManager manager = DebugPlugin.getDefault().getLaunchManager();
        List<ILaunchConfiguration> found = new ArrayList<>();
        for (ILaunchConfiguration c : manager.getLaunchConfigurations(manager.getLaunchConfigurationType(LaunchAttributes.TYPE))) {
            if (file.equals(LaunchAttributes.file(c))) {
                found.add(c);
            }
        }
        return found.toArray(ILaunchConfiguration[]::new);
    }

    private static IFile file(ISelection selection) {
        if (selection instanceof IStructuredSelection s && s.getFirstElement() != null) {
            IFile f = Adapters.adapt(s.getFirstElement(), IFile.class);
            return f != null && "gen".equals(f.getFileExtension()) ? f : null;
        }
        return null;
    }

    @Override
    public ILaunchConfiguration[] getLaunchConfigurations(ISelection selection) {
        IFile f = file(selection);
        try {
            return f == null ? null : existing(f);
        } catch (CoreException e) {
            return null;
        }
    }

    @Override
    public ILaunchConfiguration[] getLaunchConfigurations(IEditorPart editor) {
        IFile f = editor.getEditorInput().getAdapter(IFile.class);
        try {
            return f == null ? null : existing(f);
        } catch (CoreException e) {
            return null;
        }
    }

    @Override
    public IResource getLaunchableResource(ISelection selection) {
        return file(selection);
    }

    @Override
    public IResource getLaunchableResource(IEditorPart editor) {
        return editor.getEditorInput().getAdapter(IFile.class);
    }
}
