package org.thermogen.launch.viewer;

import java.io.IOException;
import java.io.InputStream;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IEditorSite;
import org.eclipse.ui.IFileEditorInput;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.part.EditorPart;

/**
 * Shows a picture a run wrote ({@code samples.png}, {@code loss.png}, ...) inside the
 * workbench, scaled to fit without distortion: the platform itself has no image viewer, and
 * a launch should not leave the IDE to show its result.
 */
public final class ImageViewer extends EditorPart {
    /** The editor's id, for opening pictures with it. */
    public static final String ID = "org.thermogen.launch.imageViewer";

    private Image image;
    private Canvas canvas;

    @Override
    public void init(IEditorSite site, IEditorInput input) throws PartInitException {
        if (!(input instanceof IFileEditorInput)) {
            throw new PartInitException("The Thermogen image viewer shows workspace files only");
        }
        setSite(site);
        setInput(input);
        setPartName(input.getName());
    }

    /** The picture's width and height in pixels, for tests and the status line. */
    public Rectangle imageBounds() {
        return image == null ? null : image.getBounds();
    }

    @Override
    public void createPartControl(Composite parent) {
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED);
        canvas.setBackground(parent.getDisplay().getSystemColor(SWT.COLOR_WHITE));
        IFile file = ((IFileEditorInput) getEditorInput()).getFile();
        try (InputStream in = file.getContents(true)) {
            image = new Image(parent.getDisplay(), new ImageData(in));
        } catch (CoreException | IOException | org.eclipse.swt.SWTException e) {
            setContentDescription("Cannot show " + file.getName() + ": " + e.getMessage());
        }
        canvas.addPaintListener(e -> {
            if (image == null) {
                return;
            }
            Rectangle area = canvas.getClientArea();
            Rectangle size = image.getBounds();
            double scale = Math.min(1.0 * area.width / size.width, 1.0 * area.height / size.height);
            int w = (int) Math.round(size.width * scale);
            int h = (int) Math.round(size.height * scale);
            e.gc.setInterpolation(SWT.HIGH);
            e.gc.drawImage(image, 0, 0, size.width, size.height, (area.width - w) / 2, (area.height - h) / 2, w, h);
        });
    }

    @Override
    public void setFocus() {
        canvas.setFocus();
    }

    @Override
    public void dispose() {
        if (image != null) {
            image.dispose();
        }
        super.dispose();
    }

    @Override
    public void doSave(IProgressMonitor monitor) {
        // A viewer: nothing to save.
    }

    @Override
    public void doSaveAs() {
        // A viewer: nothing to save.
    }

    @Override
    public boolean isDirty() {
        return false;
    }

    @Override
    public boolean isSaveAsAllowed() {
        return false;
    }
}
