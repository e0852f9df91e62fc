package org.thermogen.lang.ui.validation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.eclipse.jface.text.source.IAnnotationModelExtension;
import org.eclipse.xtext.validation.Issue;

/**
 * The problems of a .gen file outside the workspace, which cannot carry markers, as
 * annotations of its editor. Remembers what it added, to replace exactly that next time.
 */
final class ProblemAnnotations {
    private final IAnnotationModel model;
    private List<Annotation> shown = new ArrayList<>();

    ProblemAnnotations(IAnnotationModel model) {
        this.model = model;
    }

    void replace(List<Issue> issues) {
        Map<Annotation, Position> added = new HashMap<>();
        for (Issue issue : issues) {
            if (issue.getOffset() != null && issue.getLength() != null) {
                Annotation a = new Annotation(IssueSeverity.annotationType(issue), false, issue.getMessage());
                added.put(a, new Position(issue.getOffset(), issue.getLength()));
            }
        }
        Annotation[] removed = shown.toArray(Annotation[]::new);
        if (model instanceof IAnnotationModelExtension extension) {
            extension.replaceAnnotations(removed, added);
        } else {
            for (Annotation a : removed) {
                model.removeAnnotation(a);
            }
            added.forEach(model::addAnnotation);
        }
        shown = new ArrayList<>(added.keySet());
    }
}
