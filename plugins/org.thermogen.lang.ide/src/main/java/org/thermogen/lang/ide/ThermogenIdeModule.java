package org.thermogen.lang.ide;

import org.eclipse.xtext.generator.IShouldGenerate;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;
import org.eclipse.xtext.ide.editor.syntaxcoloring.ISemanticHighlightingCalculator;
import org.eclipse.xtext.ide.server.codeActions.ICodeActionService2;
import org.eclipse.xtext.ide.server.formatting.FormattingService;
import org.thermogen.lang.ide.contentassist.ThermogenContentProposals;
import org.thermogen.lang.ide.formatting.ThermogenFormatting;
import org.thermogen.lang.ide.highlighting.ThermogenSemanticTokens;
import org.thermogen.lang.ide.quickfix.ThermogenCodeActions;
import org.thermogen.lang.ide.server.NoGeneration;

/** Binds the IDE-neutral services shared by the Eclipse editor and the language server. */
public class ThermogenIdeModule extends AbstractThermogenIdeModule {

    public Class<? extends IdeContentProposalProvider> bindIdeContentProposalProvider() {
        return ThermogenContentProposals.class;
    }

    /** The language server's formatting: the Eclipse editor's, which never changes a token. */
    public Class<? extends FormattingService> bindFormattingService() {
        return ThermogenFormatting.class;
    }

    /** The language server's semantic tokens: names coloured by what they name. */
    public Class<? extends ISemanticHighlightingCalculator> bindISemanticHighlightingCalculator() {
        return ThermogenSemanticTokens.class;
    }

    /** The language server edits; it writes no generated Java into the user's folders. */
    public Class<? extends IShouldGenerate> bindIShouldGenerate() {
        return NoGeneration.class;
    }

    /** The language server's quick fixes: the validator's "did you mean" suggestions. */
    public Class<? extends ICodeActionService2> bindICodeActionService2() {
        return ThermogenCodeActions.class;
    }
}
