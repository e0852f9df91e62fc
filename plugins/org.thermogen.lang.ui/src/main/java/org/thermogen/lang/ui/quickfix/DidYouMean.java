package org.thermogen.lang.ui.quickfix;

import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.Region;
import org.thermogen.lang.ide.quickfix.Misspelling;

/**
 * The language's "...: did you mean X?" problems (unknown names, trainers, samplers,
 * settings, functions, activations, constraints: all suggest the closest known word) as an
 * edit: replace the misspelled word inside the problem's range by the suggestion. The word is
 * found as the language server's code actions find it ({@link Misspelling}).
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
        if (start < 0 || end <= start || end > document.getLength()) {
            return null;
        }
        try {
            Misspelling m = Misspelling.of(data == null ? null : data.split("\n"), document.get(start, end - start), start);
            return m == null ? null : new DidYouMean(m.suggestion(), m.word(), m.offset());
        } catch (BadLocationException e) {
            return null;
        }
    }

    /** What the fix says it does. */
    public String label() {
        return new Misspelling(word, suggestion, offset).label();
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
