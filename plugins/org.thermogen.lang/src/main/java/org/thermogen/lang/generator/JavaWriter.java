package org.thermogen.lang.generator;

/**
 * Builds indented Java source, four spaces a level. Lines longer than {@link #WIDTH} are
 * wrapped: code before a chained call ({@code ).build()}) or after a comma, continued eight
 * spaces deeper; Javadoc between words.
 */
final class JavaWriter {
    /** The longest line written, where a break is possible. */
    static final int WIDTH = 120;

    private final StringBuilder out = new StringBuilder();
    private int indent;
    /** Lines written so far. */
    private int lines;
    /** Where the .gen lines begin: pairs {first line of this writer (1-based), .gen line}. */
    private final java.util.List<int[]> sources = new java.util.ArrayList<>();

    /**
     * The lines written from here on come from line {@code genLine} of the .gen file (0: from
     * no line in particular), for the generated class's line table.
     */
    JavaWriter from(int genLine) {
        if (sources.isEmpty() || sources.get(sources.size() - 1)[1] != genLine) {
            if (!sources.isEmpty() && sources.get(sources.size() - 1)[0] == lines + 1) {
                sources.remove(sources.size() - 1);
            }
            sources.add(new int[] {lines + 1, genLine});
        }
        return this;
    }

    /**
     * The line table: {@code "J:G J:G ..."}, each line {@code J} of the whole file (this
     * writer's lines shifted by {@code offset}) and the lines after it coming from .gen line
     * {@code G}; at most {@code maxLength} characters (a Java string constant holds 65535
     * bytes), the last entries dropped beyond.
     */
    String sourceTable(int offset, int maxLength) {
        StringBuilder b = new StringBuilder();
        for (int[] s : sources) {
            String entry = (s[0] + offset) + ":" + s[1];
            if (b.length() + entry.length() + 1 > maxLength) {
                break;
            }
            b.append(b.length() == 0 ? "" : " ").append(entry);
        }
        return b.toString();
    }

    JavaWriter line(String text) {
        if (text.isEmpty()) {
            out.append('\n');
            lines++;
            return this;
        }
        String pad = "    ".repeat(indent);
        String rest = text;
        String prefix = pad;
        boolean code = !(text.startsWith("//") || text.startsWith("/*") || text.startsWith("*") || text.startsWith(" *"));
        while (code && prefix.length() + rest.length() > WIDTH) {
            int cut = breakPoint(rest, WIDTH - prefix.length());
            if (cut <= 0) {
                break;
            }
            out.append(prefix).append(rest.substring(0, cut).stripTrailing()).append('\n');
            lines++;
            rest = rest.substring(cut).stripLeading();
            prefix = pad + " ".repeat(text.length() - text.stripLeading().length()) + "        ";
        }
        out.append(prefix).append(rest).append('\n');
        lines++;
        return this;
    }

    /**
     * Where to break {@code s} so its first part is at most {@code max} long: before a
     * {@code .} that follows {@code )}, or after {@code ", "}, never inside a literal; the last
     * such place that fits, else the first one; 0 where there is none.
     */
    static int breakPoint(String s, int max) {
        int best = 0;
        int first = 0;
        char quote = 0;
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (c == '"' || c == '\'') {
                quote = c;
                continue;
            }
            int at = c == '.' && s.charAt(i - 1) == ')' ? i : c == ' ' && s.charAt(i - 1) == ',' ? i + 1 : 0;
            if (at < 16 || at >= s.length()) {
                continue;
            }
            if (first == 0) {
                first = at;
            }
            if (at <= max) {
                best = at;
            }
        }
        return best > 0 ? best : first;
    }

    /** {@code text} in lines of at most {@code width}, broken between words. */
    static java.util.List<String> words(String text, int width) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        StringBuilder b = new StringBuilder();
        for (String word : text.split(" ")) {
            if (b.length() > 0 && b.length() + 1 + word.length() > width) {
                lines.add(b.toString());
                b.setLength(0);
            }
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(word);
        }
        lines.add(b.toString());
        return lines;
    }

    JavaWriter blank() {
        out.append('\n');
        lines++;
        return this;
    }

    /** {@code header {} and one level deeper. */
    JavaWriter open(String header) {
        line(header + " {");
        indent++;
        return this;
    }

    /** One level out and {@code }}. */
    JavaWriter close() {
        indent--;
        line("}");
        return this;
    }

    /** {@code } else ... {}: closes a block and opens the next at the same level. */
    JavaWriter reopen(String header) {
        indent--;
        line("} " + header + " {");
        indent++;
        return this;
    }

    JavaWriter comment(String text) {
        return line("// " + JavaText.comment(text));
    }

    /** A Javadoc comment; lines are sanitized. */
    JavaWriter javadoc(String... lines) {
        int width = WIDTH - 4 * indent - 3;
        if (lines.length == 1 && JavaText.comment(lines[0]).length() + 7 <= width + 3) {
            return line("/** " + JavaText.comment(lines[0]) + " */");
        }
        line("/**");
        for (String l : lines) {
            if (l.isEmpty()) {
                line(" *");
                continue;
            }
            for (String part : words(JavaText.comment(l), width)) {
                line(" * " + part);
            }
        }
        return line(" */");
    }

    int indent() {
        return indent;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
