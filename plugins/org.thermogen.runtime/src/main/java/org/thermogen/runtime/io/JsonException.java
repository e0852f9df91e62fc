package org.thermogen.runtime.io;

/**
 * Text that is not valid JSON, with the place: {@code line 3, column 14: expected ',' or '}'}.
 * Also thrown when a value cannot be written as JSON (a non-finite number, an unknown type).
 */
public class JsonException extends RuntimeException {
    private final int line;
    private final int column;

    public JsonException(int line, int column, String problem) {
        super("line " + line + ", column " + column + ": " + problem);
        this.line = line;
        this.column = column;
    }

    /** A problem with a value to be written; it has no line. */
    public JsonException(String problem) {
        super(problem);
        this.line = 0;
        this.column = 0;
    }

    /** 1-based line of the problem, or 0 for a value that could not be written. */
    public int line() {
        return line;
    }

    /** 1-based column of the problem, or 0. */
    public int column() {
        return column;
    }
}
