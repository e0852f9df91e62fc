package org.thermogen.lang.ui.validation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.WorkspaceJob;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.xtext.validation.Issue;

/**
 * The problems of a workspace .gen file as problem markers (type {@value #TYPE}): they
 * appear in the Problems view with their line, and as annotations in the editor.
 */
public final class ProblemMarkers {
    /** The marker type of .gen problems; a problem marker and a text marker. */
    public static final String TYPE = "org.thermogen.lang.ui.problem";
    /** Marker attribute: the problem's issue code ({@code org.thermogen.lang.semantics.IssueCodes}). */
    public static final String CODE = "org.thermogen.lang.ui.code";
    /** Marker attribute: the problem's issue data, joined by line breaks (for a misspelt word: word, suggestion). */
    public static final String DATA = "org.thermogen.lang.ui.data";

    private ProblemMarkers() {
    }

    /** Replaces the markers of {@code file} by {@code issues}, in a workspace job. */
    public static void replace(IFile file, List<Issue> issues) {
        WorkspaceJob job = new WorkspaceJob("Thermogen problems of " + file.getName()) {
            @Override
            public IStatus runInWorkspace(IProgressMonitor monitor) throws CoreException {
                if (!file.exists()) {
                    return Status.OK_STATUS;
                }
                set(file, issues);
                return Status.OK_STATUS;
            }
        };
        // The file itself, not its marker rule (which is none): the job waits for a builder that is
        // replacing the same markers, instead of deleting them under it.
        job.setRule(file);
        job.setSystem(true);
        job.schedule();
    }

    /** Replaces the markers of {@code file} by {@code issues} now; the caller holds the marker rule (a builder does). */
    public static void set(IFile file, List<Issue> issues) throws CoreException {
        file.deleteMarkers(TYPE, false, IResource.DEPTH_ZERO);
        for (Issue issue : issues) {
            mark(file, issue);
        }
    }

    /** Adds an error without a line: something went wrong with the file as a whole. */
    public static void addError(IFile file, String message) throws CoreException {
        file.createMarker(TYPE, Map.of(IMarker.MESSAGE, message, IMarker.SEVERITY, IMarker.SEVERITY_ERROR));
    }

    /**
     * One marker, created with all its attributes at once: a marker deleted by another thread
     * between its creation and its attributes ("Marker id 8 not found") cannot happen.
     */
    private static void mark(IFile file, Issue issue) throws CoreException {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(IMarker.MESSAGE, issue.getMessage());
        attributes.put(IMarker.SEVERITY, IssueSeverity.ofMarker(issue));
        if (issue.getCode() != null) {
            attributes.put(CODE, issue.getCode());
        }
        if (issue.getData() != null && issue.getData().length > 0) {
            attributes.put(DATA, String.join("\n", issue.getData()));
        }
        if (issue.getLineNumber() != null) {
            attributes.put(IMarker.LINE_NUMBER, issue.getLineNumber().intValue());
            attributes.put(IMarker.LOCATION, "line " + issue.getLineNumber());
        }
        if (issue.getOffset() != null && issue.getLength() != null) {
            attributes.put(IMarker.CHAR_START, issue.getOffset().intValue());
            attributes.put(IMarker.CHAR_END, issue.getOffset().intValue() + issue.getLength().intValue());
        }
        file.createMarker(TYPE, attributes);
    }
}
