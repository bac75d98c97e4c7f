package dev.cgan.core.parallel;

/**
 * A collective operation of a data-parallel run could not complete: another rank died, hangs or never joined. The
 * message is one line that names the rank or ranks at fault when they are known and says what to do.
 */
public class CollectiveException extends RuntimeException {

    public CollectiveException(String message) {
        super(message);
    }

    public CollectiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
