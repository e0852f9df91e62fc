package org.thermogen.lang.ui.contentassist;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.contentassist.CompletionProposal;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.contentassist.IContentAssistProcessor;
import org.eclipse.jface.text.contentassist.IContextInformation;
import org.eclipse.jface.text.contentassist.IContextInformationValidator;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistEntry;
import org.thermogen.lang.ui.services.GenProposals;
import org.thermogen.lang.ui.validation.GenSource;

/**
 * Content assist of the .gen editor: templates of whole trainer, sampler and schedule calls
 * with their settings ({@link CallTemplates}), then the proposals of the language's IDE
 * services ({@code ThermogenContentProposals}) as JFace completion proposals that replace
 * the prefix already typed.
 */
public final class GenContentAssistProcessor implements IContentAssistProcessor {

    @Override
    public ICompletionProposal[] computeCompletionProposals(ITextViewer viewer, int offset) {
        IDocument document = viewer.getDocument();
        List<ContentAssistEntry> entries = GenProposals.at(document.get(), offset, GenSource.of(document).location());
        List<ICompletionProposal> proposals = new ArrayList<>(entries.size());
        Set<String> seen = new HashSet<>();
        for (ContentAssistEntry e : entries) {
            String text = e.getProposal();
            String label = e.getLabel() != null ? e.getLabel() : text;
            if (text == null || !seen.add(text + '\u0000' + label)) {
                continue;
            }
            String prefix = e.getPrefix() == null ? "" : e.getPrefix();
            String display = e.getDescription() == null ? label : label + " \u2014 " + e.getDescription();
            proposals.add(new CompletionProposal(text, offset - prefix.length(), prefix.length(), text.length(),
                    null, display, null, e.getDocumentation()));
        }
        // Templates first: a whole call with its settings is what one usually wants there.
        List<ICompletionProposal> templates = CallTemplates.at(document, offset);
        proposals.addAll(0, templates);
        return proposals.toArray(ICompletionProposal[]::new);
    }

    @Override
    public IContextInformation[] computeContextInformation(ITextViewer viewer, int offset) {
        return null;
    }

    @Override
    public char[] getCompletionProposalAutoActivationCharacters() {
        return new char[] { '(' };
    }

    @Override
    public char[] getContextInformationAutoActivationCharacters() {
        return null;
    }

    @Override
    public String getErrorMessage() {
        return null;
    }

    @Override
    public IContextInformationValidator getContextInformationValidator() {
        return null;
    }
}
