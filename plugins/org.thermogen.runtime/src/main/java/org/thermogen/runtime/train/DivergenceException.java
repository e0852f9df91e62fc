package org.thermogen.runtime.train;

/**
 * Training produced non-finite values: the step was too large for the model. The message
 * names the epoch and what to change; the last good checkpoint is kept.
 */
public class DivergenceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DivergenceException(String message) {
        super(message);
    }
}
