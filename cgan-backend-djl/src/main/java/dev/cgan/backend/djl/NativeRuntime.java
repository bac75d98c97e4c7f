package dev.cgan.backend.djl;

import ai.djl.engine.Engine;
import dev.cgan.api.BackendOptions;
import dev.cgan.api.BackendUnavailableException;
import dev.cgan.backend.djl.kernel.TorchFunctions;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Starts DJL's PyTorch engine for this process: offline, with libtorch extracted once into the user's cache directory
 * rather than {@code ~/.djl.ai}, quiet unless asked, with the requested number of threads.
 *
 * <p>DJL keeps the engine (and libtorch keeps its thread pool) per process, so this class configures process-wide
 * settings; it holds no state of its own.
 */
final class NativeRuntime {

    static final String ENGINE_NAME = "PyTorch";
    private static final String CACHE_DIR = "DJL_CACHE_DIR";
    private static final String OFFLINE = "ai.djl.offline";

    private NativeRuntime() {
    }

    /**
     * Configures and loads the engine (the first call in a process extracts and loads libtorch), then sets libtorch's
     * intra-op thread count.
     *
     * @throws BackendUnavailableException if libtorch cannot be loaded, with DJL's reason
     */
    static synchronized Engine start(BackendOptions options) {
        configure(Environment.system(), options.verbose());
        Engine engine;
        try {
            engine = Engine.getEngine(ENGINE_NAME);
        } catch (RuntimeException | LinkageError e) {
            throw new BackendUnavailableException("djl: PyTorch could not be loaded (" + rootMessage(e)
                    + "); libtorch is looked for under " + cacheDir(Environment.system()), e);
        }
        TorchFunctions.setThreads(options.effectiveThreads());
        return engine;
    }

    /** Sets DJL's system properties that the user has not set: offline mode, cache directory, log level. */
    static void configure(Environment environment, boolean verbose) {
        if (environment.get(OFFLINE) == null && environment.get("DJL_OFFLINE") == null) {
            System.setProperty(OFFLINE, "true");
        }
        if (environment.get(CACHE_DIR) == null) {
            System.setProperty(CACHE_DIR, cacheDir(environment).toString());
        }
        if (!verbose && System.getProperty("org.slf4j.simpleLogger.log.ai.djl") == null) {
            // DJL logs every extraction and thread setting at INFO; with slf4j-simple bound this keeps it to warnings.
            System.setProperty("org.slf4j.simpleLogger.log.ai.djl", "warn");
        }
    }

    /**
     * Where DJL keeps extracted libraries: {@code DJL_CACHE_DIR} if set, else {@code $XDG_CACHE_HOME/cgan/djl}, else
     * {@code ~/.cache/cgan/djl}. One place per user, so libtorch (about 430 MB) is extracted once, not per build.
     */
    static Path cacheDir(Environment environment) {
        String explicit = environment.get(CACHE_DIR);
        if (explicit != null && !explicit.isBlank()) {
            return Paths.get(explicit);
        }
        String xdg = environment.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() && Paths.get(xdg).isAbsolute()
                ? Paths.get(xdg)
                : Paths.get(environment.home(), ".cache");
        return base.resolve("cgan").resolve("djl");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + ": " + t;
    }
}
