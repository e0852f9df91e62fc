package org.thermogen.lang.ide.formatting;

import java.util.ArrayList;
import java.util.List;

/**
 * Formats .gen text without changing what it means: two spaces of indentation per open
 * brace, continuation lines (inside parentheses or brackets, after a trailing comma or
 * operator, or starting with one or with a dataset's {@code split}) indented once more, trailing whitespace removed, runs of blank lines cut to one,
 * one newline at the end. Comments and strings are moved, never rewritten; spacing inside a
 * line is left as written, since it often aligns columns on purpose.
 */
public final class GenFormatter {
    private static final String INDENT = "  ";
    /** Lines that go on the declaration above: a dataset's split, or an operator first. */
    private static final java.util.regex.Pattern CONTINUATION = java.util.regex.Pattern
            .compile("split\\b|[-+*/|,.]|->");

    private GenFormatter() {
    }

    public static String format(String text) {
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        List<String> out = new ArrayList<>();
        int braces = 0;
        int open = 0;
        boolean inBlockComment = false;
        boolean continuation = false;
        int blank = 0;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty()) {
                blank++;
                continue;
            }
            if (blank > 0 && !out.isEmpty()) {
                out.add("");
            }
            blank = 0;
            if (inBlockComment) {
                // Inside /* ... */ the text is the author's: keep its relative layout, only re-indent.
                out.add(INDENT.repeat(Math.max(0, braces)) + (line.startsWith("*") ? " " : "") + line);
                inBlockComment = !line.contains("*/");
                continue;
            }
            Scan s = scan(line);
            int level = braces - (line.startsWith("}") ? 1 : 0);
            boolean continues = continuation || CONTINUATION.matcher(line).lookingAt();
            int extra = (open > 0 || continues) && !line.startsWith("}") && !line.startsWith(")")
                    && !line.startsWith("]") ? 1 : 0;
            if (open > 0 && (line.startsWith(")") || line.startsWith("]"))) {
                extra = 0;
            }
            out.add(INDENT.repeat(Math.max(0, level + extra)) + line);
            braces = Math.max(0, braces + s.braces);
            open = Math.max(0, open + s.parens);
            inBlockComment = s.opensBlockComment;
            String code = s.code.strip();
            continuation = open == 0 && !code.isEmpty() && (code.endsWith(",") || code.endsWith("=")
                    || code.endsWith("+") || code.endsWith("-") || code.endsWith("*") || code.endsWith("->")
                    || code.endsWith("|"));
        }
        return out.isEmpty() ? "" : String.join("\n", out) + "\n";
    }

    private record Scan(int braces, int parens, boolean opensBlockComment, String code) {
    }

    /** Counts brackets outside comments and strings; returns the line's code without comments. */
    private static Scan scan(String line) {
        int braces = 0;
        int parens = 0;
        boolean block = false;
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (block) {
                if (c == '*' && i + 1 < line.length() && line.charAt(i + 1) == '/') {
                    block = false;
                    i++;
                }
                continue;
            }
            if (c == '/' && i + 1 < line.length() && line.charAt(i + 1) == '/') {
                break;
            }
            if (c == '/' && i + 1 < line.length() && line.charAt(i + 1) == '*') {
                block = true;
                i++;
                continue;
            }
            if (c == '"' || c == '\'') {
                int end = line.indexOf(c, i + 1);
                code.append(line, i, end < 0 ? line.length() : end + 1);
                i = end < 0 ? line.length() : end;
                continue;
            }
            switch (c) {
            case '{' -> braces++;
            case '}' -> braces--;
            case '(', '[' -> parens++;
            case ')', ']' -> parens--;
            default -> {
            }
            }
            code.append(c);
        }
        return new Scan(braces, parens, block, code.toString());
    }
}
