package org.thermogen.cli.errors;

import org.thermogen.run.JobException;
import org.thermogen.runtime.data.DataException;
import org.thermogen.runtime.io.CheckpointException;
import org.thermogen.runtime.train.DivergenceException;

/**
 * The command's exit statuses, and which exceptions are the user's to fix: those print
 * their one-line message and exit with {@link #USER_ERROR}; anything else is a bug of
 * Thermogen's ({@link #INTERNAL_ERROR}).
 */
public final class ExitStatus {
    /** A problem the user can fix: a bad model, bad data, a bad flag or checkpoint. */
    public static final int USER_ERROR = 1;
    /** A bug of Thermogen's. */
    public static final int INTERNAL_ERROR = 2;

    private ExitStatus() {
    }

    /** Whether {@code ex}'s message is for the user: bad models, data, checkpoints or settings. */
    public static boolean isUserError(Exception ex) {
        return ex instanceof UserError || ex instanceof DataException || ex instanceof CheckpointException
                || ex instanceof JobException || ex instanceof DivergenceException
                || ex.getClass() == IllegalArgumentException.class && fromRuntime(ex);
    }

    /** A plain IllegalArgumentException thrown by the runtime reports a model that a setting cannot serve. */
    private static boolean fromRuntime(Exception ex) {
        StackTraceElement[] st = ex.getStackTrace();
        return st.length > 0 && st[0].getClassName().startsWith("org.thermogen.runtime.");
    }
}
