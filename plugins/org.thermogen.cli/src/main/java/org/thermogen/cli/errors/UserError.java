package org.thermogen.cli.errors;

/**
 * A problem the user can fix (a bad model, bad data, a bad flag): printed as one line,
 * never with a stack trace, and the command exits with status 1.
 */
public final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserError(String message) {
        super(message, null, false, false);
    }
}
