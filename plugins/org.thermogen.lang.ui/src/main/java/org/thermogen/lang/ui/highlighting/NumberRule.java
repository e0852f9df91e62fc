package org.thermogen.lang.ui.highlighting;

import org.eclipse.jface.text.rules.ICharacterScanner;
import org.eclipse.jface.text.rules.IRule;
import org.eclipse.jface.text.rules.IToken;
import org.eclipse.jface.text.rules.Token;

/**
 * The grammar's NUMBER: {@code 12}, {@code 0.5}, {@code 1e-3}. A '.' belongs to the number
 * only when a digit follows, so the {@code 0} of a range {@code 0..63} stays a number alone.
 */
public final class NumberRule implements IRule {
    private final IToken token;

    public NumberRule(IToken token) {
        this.token = token;
    }

    @Override
    public IToken evaluate(ICharacterScanner scanner) {
        if (digits(scanner) == 0) {
            return Token.UNDEFINED;
        }
        if (scanner.read() == '.') {
            if (digits(scanner) == 0) {
                scanner.unread(); // the '.', which starts a range operator
                return token;
            }
        } else {
            scanner.unread();
        }
        exponent(scanner);
        return token;
    }

    private static void exponent(ICharacterScanner scanner) {
        int c = scanner.read();
        if (c != 'e' && c != 'E') {
            scanner.unread();
            return;
        }
        int read = 1;
        int sign = scanner.read();
        if (sign == '+' || sign == '-') {
            read++;
        } else {
            scanner.unread();
        }
        if (digits(scanner) == 0) {
            for (int i = 0; i < read; i++) {
                scanner.unread();
            }
        }
    }

    /** Reads a run of digits; returns how many. */
    private static int digits(ICharacterScanner scanner) {
        int n = 0;
        int c = scanner.read();
        while (c >= '0' && c <= '9') {
            n++;
            c = scanner.read();
        }
        scanner.unread();
        return n;
    }
}
