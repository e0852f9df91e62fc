package org.thermogen.lang.ui.validation;

import java.util.List;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.reconciler.DirtyRegion;
import org.eclipse.jface.text.reconciler.IReconcilingStrategy;
import org.eclipse.jface.text.reconciler.IReconcilingStrategyExtension;
import org.eclipse.xtext.validation.Issue;
import org.thermogen.lang.ui.services.GenValidator;

/**
 * Validation as you type: after each pause in typing the Generic Editor's reconciler
 * hands the document here; the whole text is parsed and validated by the language (a
 * .gen file is small), and the problems replace the previous ones.
 */
public final class GenReconcilingStrategy implements IReconcilingStrategy, IReconcilingStrategyExtension {
    private IDocument document;
    private IProgressMonitor monitor;
    private ProblemAnnotations annotations;

    @Override
    public void setDocument(IDocument document) {
        this.document = document;
        this.annotations = null;
    }

    @Override
    public void setProgressMonitor(IProgressMonitor monitor) {
        this.monitor = monitor;
    }

    @Override
    public void initialReconcile() {
        validate();
    }

    @Override
    public void reconcile(DirtyRegion dirtyRegion, IRegion subRegion) {
        validate();
    }

    @Override
    public void reconcile(IRegion partition) {
        validate();
    }

    private void validate() {
        IDocument current = document;
        if (current == null) {
            return;
        }
        GenSource source = GenSource.of(current);
        List<Issue> issues;
        try {
            issues = GenValidator.validate(current.get(), source.location(), this::cancelled);
        } catch (org.eclipse.xtext.service.OperationCanceledError | org.eclipse.core.runtime.OperationCanceledException e) {
            // The text changed again or the editor closed: the next reconcile validates the new text.
            return;
        }
        if (cancelled()) {
            return;
        }
        if (source.file() != null) {
            ProblemMarkers.replace(source.file(), issues);
        } else if (source.annotations() != null) {
            if (annotations == null) {
                annotations = new ProblemAnnotations(source.annotations());
            }
            annotations.replace(issues);
        }
    }

    private boolean cancelled() {
        return monitor != null && monitor.isCanceled();
    }
}
