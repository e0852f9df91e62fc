package org.thermogen.lang.ui.highlighting;

import java.util.Set;
import org.eclipse.jface.text.TextAttribute;
import org.eclipse.jface.text.rules.IRule;
import org.eclipse.jface.text.rules.IToken;
import org.eclipse.jface.text.rules.IWordDetector;
import org.eclipse.jface.text.rules.RuleBasedScanner;
import org.eclipse.jface.text.rules.Token;
import org.eclipse.jface.text.rules.WordRule;

/** Tokens of the code between comments and strings: keywords, numbers, the rest. */
final class GenCodeScanner extends RuleBasedScanner {

    GenCodeScanner(Set<String> keywords, TextAttribute keyword, TextAttribute number) {
        WordRule words = new WordRule(new IdentifierDetector(), Token.UNDEFINED);
        IToken keywordToken = new Token(keyword);
        for (String k : keywords) {
            words.addWord(k, keywordToken);
        }
        setRules(new IRule[] { words, new NumberRule(new Token(number)) });
    }

    /** The grammar's ID: a letter or '_', then letters, digits and '_'. */
    private static final class IdentifierDetector implements IWordDetector {
        @Override
        public boolean isWordStart(char c) {
            return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }

        @Override
        public boolean isWordPart(char c) {
            return isWordStart(c) || (c >= '0' && c <= '9');
        }
    }
}
