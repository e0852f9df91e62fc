package org.thermogen.lang.ui.quickfix;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.contentassist.IContextInformation;
import org.eclipse.jface.text.quickassist.IQuickAssistInvocationContext;
import org.eclipse.jface.text.quickassist.IQuickAssistProcessor;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Point;
import org.eclipse.ui.texteditor.SimpleMarkerAnnotation;
import org.thermogen.lang.ui.validation.ProblemMarkers;

/** Ctrl+1 in a .gen editor: the "did you mean" fixes of the problems at the caret. */
public final class GenQuickAssistProcessor implements IQuickAssistProcessor {

    @Override
    public String getErrorMessage() {
        return null;
    }

    @Override
    public boolean canFix(Annotation annotation) {
        return annotation.getText() != null && annotation.getText().contains(": did you mean ");
    }

    @Override
    public boolean canAssist(IQuickAssistInvocationContext context) {
        return false;
    }

    @Override
    public ICompletionProposal[] computeQuickAssistProposals(IQuickAssistInvocationContext context) {
        IDocument document = context.getSourceViewer().getDocument();
        IAnnotationModel model = context.getSourceViewer().getAnnotationModel();
        List<ICompletionProposal> proposals = new ArrayList<>();
        if (model == null) {
            return new ICompletionProposal[0];
        }
        int offset = context.getOffset();
        for (Iterator<Annotation> it = model.getAnnotationIterator(); it.hasNext();) {
            Annotation a = it.next();
            Position p = model.getPosition(a);
            if (p == null || offset < p.getOffset() || offset > p.getOffset() + p.getLength()) {
                continue;
            }
            if (!(a instanceof SimpleMarkerAnnotation m)) {
                continue;
            }
            DidYouMean fix = DidYouMean.of(m.getMarker().getAttribute(ProblemMarkers.DATA, ""), document, p.getOffset(),
                    p.getOffset() + p.getLength());
            if (fix != null && proposals.stream().noneMatch(x -> x.getDisplayString().equals(fix.label()))) {
                proposals.add(proposal(fix));
            }
        }
        return proposals.toArray(ICompletionProposal[]::new);
    }

    private static ICompletionProposal proposal(DidYouMean fix) {
        return new ICompletionProposal() {
            @Override
            public void apply(IDocument document) {
                try {
                    fix.apply(document);
                } catch (BadLocationException e) {
                    // The text changed under the proposal: nothing to fix any more.
                }
            }

            @Override
            public Point getSelection(IDocument document) {
                return new Point(fix.offset() + fix.suggestion().length(), 0);
            }

            @Override
            public String getAdditionalProposalInfo() {
                return fix.label() + ", the closest name the language knows.";
            }

            @Override
            public String getDisplayString() {
                return fix.label();
            }

            @Override
            public Image getImage() {
                return null;
            }

            @Override
            public IContextInformation getContextInformation() {
                return null;
            }
        };
    }

}
