package dev.cgan.core.output;

/**
 * A run directory cannot be used (not creatable, not writable, or a file is in the way). The message is one line
 * that names the path and the reason, ready to show a user.
 */
public class RunDirectoryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RunDirectoryException(String message, Throwable cause) {
        super(message, cause);
    }

    public RunDirectoryException(String message) {
        super(message);
    }
}
