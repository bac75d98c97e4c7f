package dev.cgan.core.checkpoint;

/**
 * A checkpoint that cannot be written or used: missing, truncated, corrupt, not a cgan checkpoint, or made for
 * another model or dataset. The message is one line that names the file and what to do.
 */
public class CheckpointException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
