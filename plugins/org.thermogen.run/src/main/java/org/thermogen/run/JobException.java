package org.thermogen.run;

/**
 * Something the model does not declare or a setting out of range, said in one line that
 * names the .gen file and the model: {@code ising.gen:8: Ising16 has no `sample with ...`
 * clause; add one, e.g. `sample with exact`}. The command line prints the message and exits
 * with status 1.
 */
public class JobException extends RuntimeException {

    public JobException(String message) {
        super(message);
    }
}
