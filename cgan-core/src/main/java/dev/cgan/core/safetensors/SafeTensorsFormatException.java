package dev.cgan.core.safetensors;

import java.io.IOException;

/** A file that is not a valid safetensors container; the message says, in one line, what is wrong. */
public class SafeTensorsFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public SafeTensorsFormatException(String message) {
        super(message);
    }

    public SafeTensorsFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
