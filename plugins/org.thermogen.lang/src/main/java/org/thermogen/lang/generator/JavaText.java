package org.thermogen.lang.generator;

import java.util.Locale;
import java.util.Set;

/**
 * Turns text from a .gen file into Java that always compiles: string literals, comments,
 * identifiers and numbers. Whatever a user writes, the generated source stays valid.
 */
public final class JavaText {
    private JavaText() {
    }

    /** Java's reserved words and literals, which cannot be identifiers. */
    public static final Set<String> RESERVED = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
            "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends",
            "final", "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int",
            "interface", "long", "native", "new", "package", "private", "protected", "public", "return", "short",
            "static", "strictfp", "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try",
            "void", "volatile", "while", "true", "false", "null", "var", "yield", "record", "sealed", "permits",
            "non-sealed", "_");

    /** A double-quoted Java string literal with the same characters as {@code s}. */
    public static String literal(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                // Doubling every backslash also keeps javac from reading \\u as a Unicode escape.
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format(Locale.ROOT, "\\%03o", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /**
     * Text safe inside a line or block comment: one line, no comment terminator, and no
     * backslash that javac would read as the start of a Unicode escape.
     */
    public static String comment(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r' || c == '\t' || c < 0x20) {
                b.append(' ');
            } else if (c == '\\') {
                b.append("\\\\");
            } else {
                b.append(c);
            }
        }
        return b.toString().replace("*/", "*\\/").replaceAll(" {2,}", " ").trim();
    }

    /** A Java identifier for a .gen name: reserved words get a trailing underscore. */
    public static String identifier(String name) {
        return RESERVED.contains(name) ? name + "_" : name;
    }

    /** A Java double literal. */
    public static String number(double v) {
        if (Double.isNaN(v)) {
            return "Double.NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
        }
        String s = Double.toString(v);
        return v < 0 ? "(" + s + ")" : s;
    }

    /** A Java long literal. */
    public static String longLiteral(long v) {
        return v + "L";
    }
}
