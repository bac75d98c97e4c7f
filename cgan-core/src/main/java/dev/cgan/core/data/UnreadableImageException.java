package dev.cgan.core.data;

/**
 * One image file that cannot be used: not a PNG or JPEG, truncated, corrupt, or declaring more pixels than cgan
 * decodes. The message names the file and the reason in one line.
 */
public final class UnreadableImageException extends DatasetException {

    private static final long serialVersionUID = 1L;

    public UnreadableImageException(String message) {
        super(message);
    }

    public UnreadableImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
