package dev.cgan.backend.djl;

import java.util.Map;

/**
 * Settings read the way DJL reads them: an environment variable, else the system property of the same name. A seam so
 * that tests can state an environment instead of changing the process's.
 */
interface Environment {

    /** The value of {@code name}, or null when neither the variable nor the property is set. */
    String get(String name);

    /** The user's home directory. */
    String home();

    /** This process's environment and system properties. */
    static Environment system() {
        return new Environment() {
            @Override
            public String get(String name) {
                String env = System.getenv(name);
                return env != null ? env : System.getProperty(name);
            }

            @Override
            public String home() {
                return System.getProperty("user.home");
            }
        };
    }

    /** Fixed values (tests). */
    static Environment of(Map<String, String> values, String home) {
        return new Environment() {
            @Override
            public String get(String name) {
                return values.get(name);
            }

            @Override
            public String home() {
                return home;
            }
        };
    }
}
