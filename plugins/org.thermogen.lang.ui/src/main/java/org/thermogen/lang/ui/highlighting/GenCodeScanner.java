package org.thermogen.lang.ui.highlighting;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.TextAttribute;
import org.eclipse.jface.text.rules.ICharacterScanner;
import org.eclipse.jface.text.rules.IRule;
import org.eclipse.jface.text.rules.IToken;
import org.eclipse.jface.text.rules.RuleBasedScanner;
import org.eclipse.jface.text.rules.Token;

/**
 * Tokens of the code between comments and strings: keywords, numbers, and the names the
 * text declares coloured by what they are (variables, parameters, networks, schedules,
 * datasets), the rest plain.
 */
final class GenCodeScanner extends RuleBasedScanner {
    private final Set<String> keywords;
    private final IToken keyword;
    private final Map<DeclaredNames.Kind, IToken> declared = new EnumMap<>(DeclaredNames.Kind.class);
    private Map<String, DeclaredNames.Kind> names = Map.of();
    private IDocument namesOf;
    private long namesStamp = -1;

    GenCodeScanner(Set<String> keywords, TextAttribute keyword, TextAttribute number,
            Map<DeclaredNames.Kind, TextAttribute> kinds) {
        this.keywords = keywords;
        this.keyword = new Token(keyword);
        kinds.forEach((k, a) -> declared.put(k, new Token(a)));
        setRules(new IRule[] {new WordRule(), new NumberRule(new Token(number))});
    }

    @Override
    public void setRange(IDocument document, int offset, int length) {
        long stamp = document instanceof org.eclipse.jface.text.IDocumentExtension4 d ? d.getModificationStamp() : -2;
        if (document != namesOf || stamp != namesStamp || stamp == -2) {
            names = DeclaredNames.of(document.get());
            namesOf = document;
            namesStamp = stamp;
        }
        super.setRange(document, offset, length);
    }

    /** A word: a keyword, a declared name, or nothing special. */
    private final class WordRule implements IRule {
        private final StringBuilder word = new StringBuilder();

        @Override
        public IToken evaluate(ICharacterScanner scanner) {
            int c = scanner.read();
            if (!isWordStart(c)) {
                scanner.unread();
                return Token.UNDEFINED;
            }
            word.setLength(0);
            do {
                word.append((char) c);
                c = scanner.read();
            } while (isWordPart(c));
            scanner.unread();
            String w = word.toString();
            if (keywords.contains(w)) {
                return keyword;
            }
            DeclaredNames.Kind kind = names.get(w);
            // A word that is no keyword and no declared name is a token of its own, uncoloured.
            return kind == null ? plain : declared.get(kind);
        }
    }

    private final IToken plain = new Token(null);

    /** The grammar's ID: a letter or '_', then letters, digits and '_'. */
    private static boolean isWordStart(int c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isWordPart(int c) {
        return isWordStart(c) || (c >= '0' && c <= '9');
    }
}
