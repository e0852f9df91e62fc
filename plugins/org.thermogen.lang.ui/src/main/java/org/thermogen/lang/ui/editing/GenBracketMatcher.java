package org.thermogen.lang.ui.editing;

import org.eclipse.jface.text.source.DefaultCharacterPairMatcher;

/** Matching brackets of .gen text: (), [] and {}, highlighted and reachable with Ctrl+Shift+P. */
public final class GenBracketMatcher extends DefaultCharacterPairMatcher {
    public GenBracketMatcher() {
        super(new char[] {'(', ')', '[', ']', '{', '}'});
    }
}
