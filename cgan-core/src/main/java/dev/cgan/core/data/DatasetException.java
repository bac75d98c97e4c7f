package dev.cgan.core.data;

/**
 * Data that cannot be used: a missing, corrupt, truncated or inconsistent file. The message is one line that names the
 * file, what is wrong and what to do, fit to show a user as it is.
 */
public class DatasetException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
