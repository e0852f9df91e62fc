package org.thermogen.lang.ui.quickfix;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.Region;

/**
 * The language's "...: did you mean X?" problems (unknown names, trainers, samplers,
 * settings, functions, activations, constraints: all suggest the closest known word) as an
 * edit: replace the misspelled word inside the problem's range by the suggestion.
 *
 * @param suggestion the word the message suggests
 * @param word the misspelled word it replaces
 * @param offset where the misspelled word starts
 */
public record DidYouMean(String suggestion, String word, int offset) {
    /**
     * The fix of a problem whose issue data is {@code {word, suggestion}}
     * ({@code Suggestions.data}), over {@code start..end} of {@code document}; null when the
     * data hold no suggestion or the word is no longer in the range.
     */
    public static DidYouMean of(String data, IDocument document, int start, int end) {
        String[] parts = data == null ? new String[0] : data.split("\n");
        if (parts.length != 2 || start < 0 || end <= start || end > document.getLength()) {
            return null;
        }
        String word = parts[0];
        try {
            // The range may be a whole clause: the misspelt word is the identifier equal to it.
            Matcher ids = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*").matcher(document.get(start, end - start));
            while (ids.find()) {
                if (ids.group().equals(word)) {
                    return new DidYouMean(parts[1], word, start + ids.start());
                }
            }
            return null;
        } catch (BadLocationException e) {
            return null;
        }
    }

    /** What the fix says it does. */
    public String label() {
        return "Change '" + word + "' to '" + suggestion + "'";
    }

    /** Applies the fix to {@code document}, if the word is still where it was. */
    public boolean apply(IDocument document) throws BadLocationException {
        if (offset + word.length() > document.getLength() || !document.get(offset, word.length()).equals(word)) {
            return false;
        }
        document.replace(offset, word.length(), suggestion);
        return true;
    }

    public Region region() {
        return new Region(offset, word.length());
    }
}
