package dev.cgan.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.logging.LogManager;

/**
 * Keeps the terminal quiet unless {@code --verbose}: engines (DJL) log through SLF4J, bound to slf4j-simple, which
 * reads its configuration from system properties once, when the first logger is created. So this runs first thing in
 * {@code main}, before any engine class loads. Settings the user gave with {@code -D} win.
 */
final class Logging {

    private static final String SIMPLE = "org.slf4j.simpleLogger.";

    private Logging() {
    }

    static void configure(boolean verbose) {
        setDefault(SIMPLE + "defaultLogLevel", verbose ? "info" : "error");
        // Named explicitly because the DJL backend sets this one to "warn" when it is unset, and DJL warns on every
        // CPU-only machine that it found no CUDA driver.
        setDefault(SIMPLE + "log.ai.djl", verbose ? "info" : "error");
        setDefault(SIMPLE + "showThreadName", "false");
        setDefault(SIMPLE + "showShortLogName", "true");
        setDefault(SIMPLE + "showDateTime", verbose ? "true" : "false");
        setDefault(SIMPLE + "dateTimeFormat", "HH:mm:ss.SSS");
        if (System.getProperty("java.util.logging.config.file") == null
                && System.getProperty("java.util.logging.config.class") == null) {
            configureJdkLogging(verbose);
        }
    }

    /**
     * The JDK's System.Logger (used by cgan-api's BackendRegistry) goes to java.util.logging. Verbose shows cgan's
     * debug messages, not those of every library (Guice alone logs dozens of timings at FINE). Configured through
     * LogManager properties because they apply to loggers whenever they are created, while a level set on a logger
     * object is lost if that object is garbage-collected.
     */
    private static void configureJdkLogging(boolean verbose) {
        Properties p = new Properties();
        p.setProperty("handlers", "java.util.logging.ConsoleHandler");
        p.setProperty(".level", verbose ? "INFO" : "WARNING");
        p.setProperty("dev.cgan.level", verbose ? "FINE" : "WARNING");
        p.setProperty("java.util.logging.ConsoleHandler.level", verbose ? "FINE" : "WARNING");
        p.setProperty("java.util.logging.SimpleFormatter.format", "%4$s %3$s: %5$s%6$s%n");
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            p.store(bytes, null);
            LogManager.getLogManager().readConfiguration(new ByteArrayInputStream(bytes.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
