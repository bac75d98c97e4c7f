package dev.cgan.core.safetensors;

/** Text that is not the JSON {@link Json} accepts; the message gives the character position. */
public class JsonSyntaxException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public JsonSyntaxException(String message) {
        super(message);
    }
}
