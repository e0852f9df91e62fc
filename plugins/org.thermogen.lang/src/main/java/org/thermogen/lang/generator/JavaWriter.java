package org.thermogen.lang.generator;

/** Builds indented Java source, four spaces a level. */
final class JavaWriter {
    private final StringBuilder out = new StringBuilder();
    private int indent;

    JavaWriter line(String text) {
        if (text.isEmpty()) {
            out.append('\n');
            return this;
        }
        out.append("    ".repeat(indent)).append(text).append('\n');
        return this;
    }

    JavaWriter blank() {
        out.append('\n');
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
        if (lines.length == 1) {
            return line("/** " + JavaText.comment(lines[0]) + " */");
        }
        line("/**");
        for (String l : lines) {
            line(l.isEmpty() ? " *" : " * " + JavaText.comment(l));
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
