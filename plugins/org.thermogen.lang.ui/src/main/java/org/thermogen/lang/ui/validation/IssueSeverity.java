package org.thermogen.lang.ui.validation;

import org.eclipse.core.resources.IMarker;
import org.eclipse.xtext.validation.Issue;

/** Xtext's severities in the platform's terms. */
final class IssueSeverity {
    static final String ERROR_ANNOTATION = "org.eclipse.ui.workbench.texteditor.error";
    static final String WARNING_ANNOTATION = "org.eclipse.ui.workbench.texteditor.warning";
    static final String INFO_ANNOTATION = "org.eclipse.ui.workbench.texteditor.info";

    private IssueSeverity() {
    }

    static int ofMarker(Issue issue) {
        return switch (issue.getSeverity()) {
        case ERROR -> IMarker.SEVERITY_ERROR;
        case WARNING -> IMarker.SEVERITY_WARNING;
        default -> IMarker.SEVERITY_INFO;
        };
    }

    static String annotationType(Issue issue) {
        return switch (issue.getSeverity()) {
        case ERROR -> ERROR_ANNOTATION;
        case WARNING -> WARNING_ANNOTATION;
        default -> INFO_ANNOTATION;
        };
    }
}
