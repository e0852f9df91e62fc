package org.thermogen.lang.ide.quickfix;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A misspelt word the validator suggested a replacement for ("...: did you mean X?"), found
 * in the text of the problem's range: what every editor's quick fix replaces. The validator
 * passes {@code {word, suggestion}} as the data ({@code Suggestions.data}); the fix
 * never reads the message's text.
 *
 * @param word       the misspelt word
 * @param suggestion the word to put in its place
 * @param offset     where the word starts in the document
 */
public record Misspelling(String word, String suggestion, int offset) {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

    /**
     * The misspelling of a problem with issue data {@code data} whose range holds
     * {@code rangeText}, starting at {@code rangeStart}; null when the data hold no suggestion
     * or the word is no longer in the range (the range may be a whole clause: the word is the
     * identifier equal to it).
     */
    public static Misspelling of(String[] data, String rangeText, int rangeStart) {
        if (data == null || data.length != 2 || rangeText == null) {
            return null;
        }
        Matcher ids = IDENTIFIER.matcher(rangeText);
        while (ids.find()) {
            if (ids.group().equals(data[0])) {
                return new Misspelling(data[0], data[1], rangeStart + ids.start());
            }
        }
        return null;
    }

    /** What the fix says it does. */
    public String label() {
        return "Change '" + word + "' to '" + suggestion + "'";
    }
}
