package org.thermogen.lang.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.jface.text.Document;
import org.eclipse.jface.text.rules.IRule;
import org.eclipse.jface.text.rules.IToken;
import org.eclipse.jface.text.rules.RuleBasedScanner;
import org.eclipse.jface.text.rules.Token;
import org.junit.jupiter.api.Test;
import org.thermogen.lang.ui.highlighting.NumberRule;

/** Numbers are highlighted as the grammar's NUMBER reads them, and a range's '..' is not part of one. */
class NumberRuleTest {

    private static List<String> numbers(String text) {
        Document document = new Document(text);
        RuleBasedScanner scanner = new RuleBasedScanner();
        scanner.setRules(new IRule[] { new NumberRule(new Token("number")) });
        scanner.setRange(document, 0, text.length());
        List<String> found = new ArrayList<>();
        for (IToken t = scanner.nextToken(); !t.isEOF(); t = scanner.nextToken()) {
            if ("number".equals(t.getData())) {
                found.add(text.substring(scanner.getTokenOffset(), scanner.getTokenOffset() + scanner.getTokenLength()));
            }
        }
        return found;
    }

    @Test
    void readsIntegersDecimalsAndExponents() {
        assertEquals(List.of("12", "0.5", "1e-3", "2.5E+10"), numbers("12 0.5 1e-3 2.5E+10"));
    }

    @Test
    void stopsBeforeARange() {
        assertEquals(List.of("0", "63"), numbers("0..63"));
    }

    @Test
    void leavesAnExponentWithoutDigits() {
        assertEquals(List.of("3"), numbers("3e"));
        assertEquals(List.of("7"), numbers("7."));
    }
}
