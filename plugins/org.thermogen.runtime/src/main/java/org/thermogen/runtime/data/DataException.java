package org.thermogen.runtime.data;

/**
 * Unreadable or malformed data, with the place to fix it. Its message is one line:
 * {@code data/heights.csv:17: column 3 holds 'abc', not a number}.
 */
public class DataException extends RuntimeException {
    private final String file;
    private final int line;
    private final String problem;

    /** @param line 1-based line, or 0 if the problem is not on one line */
    public DataException(String file, int line, String problem) {
        super(line > 0 ? file + ":" + line + ": " + problem : file + ": " + problem);
        this.file = file;
        this.line = line;
        this.problem = problem;
    }

    public DataException(String file, int line, String problem, Throwable cause) {
        this(file, line, problem);
        initCause(cause);
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    /** What is wrong, without the place: {@code column 3 holds 'abc', not a number}. */
    public String problem() {
        return problem;
    }
}
