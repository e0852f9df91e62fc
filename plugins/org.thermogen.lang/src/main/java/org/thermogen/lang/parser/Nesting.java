package org.thermogen.lang.parser;

import java.util.ArrayList;
import java.util.List;

/**
 * Brackets nested beyond what the parser's recursion can take. The parser descends one
 * level per bracket; a few thousand would overflow its stack. No model needs more than a
 * handful, so each run of brackets deeper than {@link #MAX_DEPTH} is cut: the text from its
 * first opening bracket to the matching closing one is replaced by {@code 0} and spaces
 * (newlines kept, so every line and column stays where it was), and the resource reports an
 * error at the cut.
 */
public final class Nesting {
    /** The deepest nesting of brackets that is parsed as written. */
    public static final int MAX_DEPTH = 100;

    private Nesting() {
    }

    /**
     * The text to parse and the offsets cut.
     *
     * @param text the text, with every cut replaced
     * @param cuts offsets of the opening brackets where the nesting went beyond the limit
     */
    public record Limited(String text, List<Integer> cuts) {
    }

    /** {@code text} with every bracket run deeper than {@code maxDepth} cut. Comments and strings are skipped. */
    public static Limited limit(String text, int maxDepth) {
        char[] out = null;
        List<Integer> cuts = new ArrayList<>();
        int depth = 0;
        int cut = -1;  // the opening bracket of the run being cut, or -1
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
                i = skipTo(text, i, "\n") - 1;
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                i = skipTo(text, i + 2, "*/") + 1;
            } else if (c == '"') {
                i = endOfString(text, i);
            } else if (c == '(' || c == '[' || c == '{') {
                if (depth == maxDepth && cut < 0) {
                    cut = i;
                }
                depth++;
            } else if ((c == ')' || c == ']' || c == '}') && depth > 0 && --depth == maxDepth && cut >= 0) {
                out = blank(out == null ? text.toCharArray() : out, cut, i + 1);
                cuts.add(cut);
                cut = -1;
            }
        }
        if (cut >= 0) {
            out = blank(out == null ? text.toCharArray() : out, cut, n);
            cuts.add(cut);
        }
        return new Limited(out == null ? text : new String(out), List.copyOf(cuts));
    }

    /** {@code [from, to)} of {@code out} as {@code 0} and spaces, newlines kept. */
    private static char[] blank(char[] out, int from, int to) {
        out[from] = '0';
        for (int k = from + 1; k < to; k++) {
            if (out[k] != '\n' && out[k] != '\r') {
                out[k] = ' ';
            }
        }
        return out;
    }

    /** The whole text blanked (newlines kept), with one cut at its start: for text that overflows all the same. */
    public static Limited blank(String text) {
        char[] out = text.toCharArray();
        for (int k = 0; k < out.length; k++) {
            if (out[k] != '\n' && out[k] != '\r') {
                out[k] = ' ';
            }
        }
        return new Limited(new String(out), List.of(0));
    }

    private static int skipTo(String text, int from, String end) {
        int at = text.indexOf(end, from);
        return at < 0 ? text.length() : at;
    }

    /** The offset of the closing quote of the string starting at {@code open} (or the end of its line). */
    private static int endOfString(String text, int open) {
        for (int i = open + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"' || c == '\n') {
                return i;
            }
        }
        return text.length();
    }
}
