package dev.cgan.api;

import java.util.Objects;

/**
 * Whether a backend can be used on this machine, with a human reason when it cannot.
 *
 * @param available true when the backend can be opened
 * @param reason    why not (or a short note on what was found when available); never null
 */
public record Availability(boolean available, String reason) {

    public Availability {
        Objects.requireNonNull(reason, "reason");
    }

    /** The backend can be used; {@code note} says what was found (e.g. the library version). */
    public static Availability available(String note) {
        return new Availability(true, note);
    }

    /** The backend cannot be used, because of {@code reason}. */
    public static Availability unavailable(String reason) {
        return new Availability(false, reason);
    }
}
