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
    private static final Pattern SUGGESTION = Pattern.compile(": did you mean ([A-Za-z_][A-Za-z0-9_.]*)\\?");

    /** The fix for a problem with {@code message} over {@code start..end}, or null. */
    public static DidYouMean of(String message, IDocument document, int start, int end) {
        Matcher m = SUGGESTION.matcher(message == null ? "" : message);
        if (!m.find() || start < 0 || end <= start || end > document.getLength()) {
            return null;
        }
        String suggestion = m.group(1);
        try {
            String text = document.get(start, end - start);
            // The range may be a whole clause: take its identifier closest to the suggestion.
            Matcher ids = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*").matcher(text);
            String best = null;
            int bestAt = -1;
            int bestDistance = Integer.MAX_VALUE;
            while (ids.find()) {
                int d = distance(ids.group(), suggestion);
                if (d < bestDistance && !ids.group().equals(suggestion)) {
                    best = ids.group();
                    bestAt = start + ids.start();
                    bestDistance = d;
                }
            }
            return best == null ? null : new DidYouMean(suggestion, best, bestAt);
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

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = Character.toLowerCase(a.charAt(i - 1)) == Character.toLowerCase(b.charAt(j - 1)) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
