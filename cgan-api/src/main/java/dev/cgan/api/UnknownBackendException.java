package dev.cgan.api;

import java.util.List;

/** Thrown when a backend is asked for by a name no installed backend has; the message lists the known names. */
public class UnknownBackendException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String requested;
    private final List<String> known;

    public UnknownBackendException(String requested, List<String> known) {
        super("unknown backend '" + requested + "': known backends are "
                + (known.isEmpty() ? "(none installed)" : String.join(", ", known)));
        this.requested = requested;
        this.known = List.copyOf(known);
    }

    /** The name that was asked for. */
    public String requested() {
        return requested;
    }

    /** The names of the installed backends. */
    public List<String> known() {
        return known;
    }
}
