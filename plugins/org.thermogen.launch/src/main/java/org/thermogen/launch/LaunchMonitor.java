package org.thermogen.launch;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import org.eclipse.core.resources.IContainer;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.model.IProcess;
import org.eclipse.debug.core.model.IStreamMonitor;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.statushandlers.StatusManager;

/**
 * Follows a launched model in the Progress view (a job whose progress is the JVM's
 * {@code --progress} lines; cancelling it stops the JVM), and when the JVM ends refreshes
 * the output folder and opens {@code samples.png}, or shows why it failed.
 */
final class LaunchMonitor extends Job {
    private static final ILog LOG = ILog.of(LaunchMonitor.class);

    private final IProcess process;
    private final IContainer out;
    private final File progressFile;
    private final StringBuilder errors = new StringBuilder();
    private final ProgressLines lines = new ProgressLines();
    private long offset;

    @Override
    public boolean belongsTo(Object family) {
        return family == ThermogenLaunchDelegate.JOBS;
    }

    LaunchMonitor(IProcess process, String model, String action, IContainer out, File progressFile) {
        super("Thermogen " + action + " " + model);
        this.process = process;
        this.out = out;
        this.progressFile = progressFile;
        setUser(false);
    }

    void start() {
        if (process.getStreamsProxy() != null) {
            IStreamMonitor err = process.getStreamsProxy().getErrorStreamMonitor();
            synchronized (errors) {
                errors.append(err.getContents());
            }
            err.addListener((text, m) -> {
                synchronized (errors) {
                    errors.append(text);
                }
            });
        }
        schedule();
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        monitor.beginTask(getName(), 1000);
        try {
            // The job's bar spans the whole run, whose tasks (train, sample, evaluate) come
            // one after another without a count: the first, training when there is one and
            // the longest, gets 80 %, each later one half of what is left.
            int used = 0;
            int budget = 0;
            int reported = 0;
            String shownTask = null;
            while (!process.isTerminated()) {
                if (monitor.isCanceled()) {
                    try {
                        process.terminate();
                    } catch (DebugException e) {
                        return e.getStatus();
                    }
                    break;
                }
                read();
                if (lines.total() > 0) {
                    if (!lines.task().equals(shownTask)) {
                        monitor.worked(budget - reported);
                        used += budget;
                        budget = shownTask == null ? 800 : (1000 - used) / 2;
                        reported = 0;
                        shownTask = lines.task();
                    }
                    int now = (int) (budget * lines.fraction());
                    if (now > reported) {
                        monitor.worked(now - reported);
                        reported = now;
                    }
                    monitor.subTask(lines.task() + ": " + lines.done() + " of " + lines.total());
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return Status.OK_STATUS;
        } finally {
            // Whatever stopped the loop, the user gets the outputs or the reason of the failure.
            progressFile.delete();
            finished();
            monitor.done();
        }
    }

    /** Feeds the progress lines written since the last call to {@link #lines}. */
    private void read() {
        if (!progressFile.exists()) {
            return;
        }
        try (RandomAccessFile f = new RandomAccessFile(progressFile, "r")) {
            if (f.length() <= offset) {
                return;
            }
            byte[] bytes = new byte[(int) (f.length() - offset)];
            f.seek(offset);
            f.readFully(bytes);
            offset += bytes.length;
            lines.feed(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            // Progress is a courtesy: the run goes on, its console shows what happens, and
            // the next poll tries again.
        }
    }

    private void finished() {
        try {
            out.refreshLocal(IResource.DEPTH_INFINITE, null);
        } catch (CoreException e) {
            LOG.log(e.getStatus());
        }
        int exit;
        try {
            exit = process.getExitValue();
        } catch (DebugException e) {
            return;
        }
        if (exit == 0) {
            IFile samples = out.getFile(new org.eclipse.core.runtime.Path("samples.png"));
            if (samples.exists()) {
                show(samples);
            }
            return;
        }
        String message;
        synchronized (errors) {
            message = errors.toString().lines().filter(l -> l.startsWith("error: ") || l.startsWith("internal error: "))
                    .findFirst().orElse("the model's JVM exited with code " + exit + "; see its console");
        }
        if (exit != 143 && exit != 137) {
            // 143/137: the user stopped it; nothing to report.
            StatusManager.getManager().handle(Status.error(getName() + " failed: " + message.replaceFirst("^error: ", "")),
                    StatusManager.SHOW | StatusManager.LOG);
        }
    }

    /** Opens the samples in the workbench's image viewer. */
    private static void show(IFile samples) {
        if (!PlatformUI.isWorkbenchRunning()) {
            return;
        }
        PlatformUI.getWorkbench().getDisplay().asyncExec(() -> {
            IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
            if (window == null || window.getActivePage() == null) {
                return;
            }
            IWorkbenchPage page = window.getActivePage();
            try {
                IDE.openEditor(page, samples, org.thermogen.launch.viewer.ImageViewer.ID, true);
            } catch (PartInitException e) {
                LOG.log(e.getStatus());
            }
        });
    }
}
