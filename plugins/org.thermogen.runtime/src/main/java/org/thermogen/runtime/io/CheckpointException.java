package org.thermogen.runtime.io;

/**
 * A checkpoint that cannot be written or used, with what to do about it, in one line:
 * {@code checkpoint.json is damaged (checksum mismatch): restore it or train again}.
 */
public class CheckpointException extends RuntimeException {

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
