package org.thermogen.lang.ide;

import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;
import org.thermogen.lang.ide.contentassist.ThermogenContentProposals;

/** Binds the IDE-neutral services shared by the Eclipse editor and the language server. */
public class ThermogenIdeModule extends AbstractThermogenIdeModule {

    public Class<? extends IdeContentProposalProvider> bindIdeContentProposalProvider() {
        return ThermogenContentProposals.class;
    }
}
