package org.thermogen.lang.ui.tests;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;

/** What the editor tests do in the workbench: files, editors, and waiting on the event loop. */
final class Ui {
    private Ui() {
    }

    /** A new file {@code name} holding {@code text} in a fresh project. */
    static IFile file(String project, String name, String text) throws CoreException {
        IProject p = ResourcesPlugin.getWorkspace().getRoot().getProject(project);
        if (!p.exists()) {
            p.create(null);
        }
        p.open(null);
        IFile file = p.getFile(name);
        file.create(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), true, null);
        return file;
    }

    /** Creates {@code file} (and its folders) holding {@code text}. */
    static IFile create(IFile file, String text) throws CoreException {
        mkdirs(file.getParent());
        file.create(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), true, null);
        return file;
    }

    private static void mkdirs(org.eclipse.core.resources.IContainer c) throws CoreException {
        if (c instanceof org.eclipse.core.resources.IFolder f && !f.exists()) {
            mkdirs(f.getParent());
            f.create(true, true, null);
        }
    }

    /**
     * Builds the workspace now, as a save with automatic building would, and waits for any
     * automatic build the change started, so the generated Java is compiled when it returns.
     */
    static void build() throws CoreException {
        ResourcesPlugin.getWorkspace().build(org.eclipse.core.resources.IncrementalProjectBuilder.INCREMENTAL_BUILD, null);
        waitUntil("the automatic build", 120, () -> org.eclipse.core.runtime.jobs.Job.getJobManager()
                .find(ResourcesPlugin.FAMILY_AUTO_BUILD).length == 0);
        ResourcesPlugin.getWorkspace().build(org.eclipse.core.resources.IncrementalProjectBuilder.INCREMENTAL_BUILD, null);
    }

    static ITextEditor open(IFile file) throws PartInitException {
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        return (ITextEditor) IDE.openEditor(page, file, true);
    }

    static IDocument document(ITextEditor editor) {
        return editor.getDocumentProvider().getDocument(editor.getEditorInput());
    }

    static void closeAll() {
        PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage().closeAllEditors(false);
    }

    /** Runs the event loop until {@code condition} holds; fails after {@code seconds}. */
    static void waitUntil(String what, int seconds, BooleanSupplier condition) {
        Display display = Display.getCurrent();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("waited " + seconds + " s for " + what);
            }
            if (!display.readAndDispatch()) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    fail("interrupted while waiting for " + what);
                }
            }
        }
    }
}
