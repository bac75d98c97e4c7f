package dev.cgan.cli;

/** A mistake in what the user asked for; its message is the one line shown, and the exit code is 2. */
final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }

    UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
