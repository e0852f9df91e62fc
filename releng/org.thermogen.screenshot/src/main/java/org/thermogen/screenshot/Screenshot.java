package org.thermogen.screenshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IFolder;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IncrementalProjectBuilder;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.Status;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IStartup;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.thermogen.lang.ui.project.ThermogenProjects;
import org.thermogen.lang.ui.validation.ProblemMarkers;

/**
 * Started with {@code -Dthermogen.screenshot=FILE.png -Dthermogen.screenshot.model=MODEL.gen}:
 * puts the model in a new Thermogen project, lets the builder mark its problems, opens it
 * in the editor beside the Project Explorer and the Problems view, saves a picture of the
 * workbench window to FILE.png and closes the workbench. Without the property it does nothing.
 */
public final class Screenshot implements IStartup {
    private static final ILog LOG = ILog.of(Screenshot.class);

    @Override
    public void earlyStartup() {
        String out = System.getProperty("thermogen.screenshot");
        String model = System.getProperty("thermogen.screenshot.model");
        if (out == null || model == null) {
            return;
        }
        Display display = PlatformUI.getWorkbench().getDisplay();
        try {
            IFile file = project(Path.of(model));
            waitFor(() -> markers(file) > 0, 60);
            display.syncExec(() -> {
                try {
                    show(file);
                } catch (CoreException e) {
                    throw new IllegalStateException(e);
                }
            });
            // Time for the reconciler to validate and the presentation to settle.
            Thread.sleep(4000);
            display.syncExec(() -> save(display, Path.of(out)));
            System.out.println("thermogen: screenshot " + out);
        } catch (Exception | AssertionError e) {
            LOG.log(Status.error("the screenshot failed", e));
            System.err.println("thermogen: the screenshot failed: " + e);
        } finally {
            display.asyncExec(() -> PlatformUI.getWorkbench().close());
        }
    }

    /** A Thermogen project "examples" with the model in src/examples, built. */
    private static IFile project(Path model) throws CoreException, IOException {
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject("examples");
        if (!project.exists()) {
            ThermogenProjects.create("examples", null);
        }
        IFolder folder = project.getFolder("src/examples");
        if (!folder.exists()) {
            folder.create(true, true, null);
        }
        IFile file = folder.getFile(model.getFileName().toString());
        Files.copy(model, file.getLocation().toFile().toPath(), StandardCopyOption.REPLACE_EXISTING);
        project.refreshLocal(IResource.DEPTH_INFINITE, null);
        ResourcesPlugin.getWorkspace().build(IncrementalProjectBuilder.INCREMENTAL_BUILD, null);
        return file;
    }

    private static int markers(IFile file) {
        try {
            return file.findMarkers(ProblemMarkers.TYPE, false, IResource.DEPTH_ZERO).length;
        } catch (CoreException e) {
            return 0;
        }
    }

    private static void show(IFile file) throws CoreException {
        IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        Shell shell = window.getShell();
        shell.setBounds(shell.getDisplay().getPrimaryMonitor().getBounds());
        IWorkbenchPage page = window.getActivePage();
        page.showView("org.eclipse.ui.navigator.ProjectExplorer");
        org.eclipse.ui.IViewPart problems = page.showView(org.eclipse.ui.IPageLayout.ID_PROBLEM_VIEW);
        IDE.openEditor(page, file, true);
        expandTrees(problems.getViewSite().getShell().getDisplay(), problems);
        // Put the caret on the first error, as a user would after clicking the marker.
        for (IMarker m : file.findMarkers(ProblemMarkers.TYPE, false, IResource.DEPTH_ZERO)) {
            if (m.getAttribute(IMarker.SEVERITY, -1) == IMarker.SEVERITY_ERROR) {
                IDE.gotoMarker(page.getActiveEditor(), m);
                break;
            }
        }
    }

    /** Opens the Problems view's groups, so the picture shows the messages, not "Errors (1 item)". */
    private static void expandTrees(Display display, org.eclipse.ui.IViewPart view) {
        while (display.readAndDispatch()) {
            // Let the view fill its tree first.
        }
        org.eclipse.swt.widgets.Control control = view.getAdapter(org.eclipse.swt.widgets.Control.class);
        java.util.ArrayDeque<org.eclipse.swt.widgets.Control> todo = new java.util.ArrayDeque<>();
        if (control != null) {
            todo.add(control);
        }
        for (org.eclipse.swt.widgets.Shell s : display.getShells()) {
            todo.add(s);
        }
        while (!todo.isEmpty()) {
            org.eclipse.swt.widgets.Control c = todo.poll();
            if (c instanceof org.eclipse.swt.widgets.Tree tree && isInside(tree, view)) {
                for (org.eclipse.swt.widgets.TreeItem item : tree.getItems()) {
                    item.setExpanded(true);
                }
            } else if (c instanceof org.eclipse.swt.widgets.Composite composite) {
                todo.addAll(java.util.Arrays.asList(composite.getChildren()));
            }
        }
    }

    private static boolean isInside(org.eclipse.swt.widgets.Tree tree, org.eclipse.ui.IViewPart view) {
        String title = view.getTitle();
        for (org.eclipse.swt.widgets.TreeColumn c : tree.getColumns()) {
            if ("Description".equals(c.getText())) {
                return true;
            }
        }
        return title == null;
    }

    private static void save(Display display, Path out) {
        Shell shell = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
        shell.forceActive();
        while (display.readAndDispatch()) {
            // Paint everything pending before the picture is taken.
        }
        Rectangle bounds = shell.getBounds();
        Image image = new Image(display, bounds.width, bounds.height);
        GC gc = new GC(display);
        try {
            gc.copyArea(image, bounds.x, bounds.y);
            ImageLoader loader = new ImageLoader();
            loader.data = new org.eclipse.swt.graphics.ImageData[] {image.getImageData()};
            Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
            loader.save(tmp.toString(), SWT.IMAGE_PNG);
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + out + ": " + e.getMessage(), e);
        } finally {
            gc.dispose();
            image.dispose();
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + seconds + " s for the model's problem markers");
            }
            Thread.sleep(100);
        }
    }
}
