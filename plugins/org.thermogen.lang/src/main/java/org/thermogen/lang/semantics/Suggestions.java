package org.thermogen.lang.semantics;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean ...?" for misspelt names. */
public final class Suggestions {
    private Suggestions() {
    }

    /** The candidate closest to {@code word} within a small edit distance, or null. */
    public static String closest(String word, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(word.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        int allowed = Math.max(1, Math.min(3, word.length() / 3));
        return bestDistance <= allowed ? best : null;
    }

    /**
     * The issue data of a misspelt word: {@code {word, suggestion}} when a candidate is close
     * enough, else empty. Editors' quick fixes replace the word by the suggestion from this,
     * never from the message's text.
     */
    public static String[] data(String word, Collection<String> candidates) {
        String c = word == null ? null : closest(word, candidates);
        return c == null ? new String[0] : new String[] {word, c};
    }

    /** {@code ": did you mean gibbs?"} or the empty string. */
    public static String didYouMean(String word, Collection<String> candidates) {
        String c = closest(word, candidates);
        return c == null ? "" : ": did you mean " + c + "?";
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
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
