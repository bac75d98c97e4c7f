package dev.cgan.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The backends this environment says must be usable: a test or tool that would skip a backend it finds unavailable
 * asks here first, and fails instead when the backend is required. CI requires the engines it ships natives for, so a
 * native library that stops loading turns the build red instead of silently skipping their suites; a developer's
 * machine requires nothing.
 *
 * <p>The list is the system property {@value #PROPERTY}, else the environment variable {@value #VARIABLE}: backend
 * names separated by commas, e.g. {@code CGAN_REQUIRE_BACKENDS=djl,nd4j}.
 */
public final class RequiredBackends {

    /** The system property naming the required backends (it wins over the environment variable). */
    public static final String PROPERTY = "cgan.requireBackends";

    /** The environment variable naming the required backends. */
    public static final String VARIABLE = "CGAN_REQUIRE_BACKENDS";

    private RequiredBackends() {
    }

    /** The required backends' names, from {@value #PROPERTY} or else {@value #VARIABLE}; empty when neither is set. */
    public static Set<String> names() {
        String property = System.getProperty(PROPERTY);
        return parse(property != null ? property : System.getenv(VARIABLE));
    }

    /** The names in a comma-separated list (blank entries ignored, names lower-cased); empty for null. */
    static Set<String> parse(String list) {
        if (list == null) {
            return Set.of();
        }
        return Arrays.stream(list.split(",")).map(s -> s.strip().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Whether the backend called {@code name} is required here. */
    public static boolean isRequired(String name) {
        return names().contains(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Fails when the backend called {@code name} is required here but unavailable; returns quietly otherwise (the
     * caller may then skip it with the availability's reason).
     *
     * @throws IllegalStateException naming the backend, why it is unavailable, and the setting that requires it
     */
    public static void check(String name, Availability availability) {
        if (!availability.available() && isRequired(name)) {
            throw new IllegalStateException("backend " + name + " is required here (" + setting()
                    + ") but unavailable: " + availability.reason());
        }
    }

    /**
     * As {@link #check(String, Availability)} for a backend looked up by name, which may be absent (its module not
     * on the class path).
     */
    public static void check(String name, Optional<Backend> backend) {
        check(name, backend.map(Backend::availability).orElseGet(() ->
                Availability.unavailable("no backend called " + name + " on the class path")));
    }

    private static String setting() {
        String property = System.getProperty(PROPERTY);
        return property != null ? "-D" + PROPERTY + "=" + property : VARIABLE + "=" + System.getenv(VARIABLE);
    }
}
