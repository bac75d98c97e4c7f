package dev.cgan.api;

/**
 * Settings that apply to every backend when it is opened.
 *
 * @param threads   intra-op threads on the CPU; 0 means one per available core
 * @param allowTf32 allow reduced-precision TF32 math on GPUs (faster, not bit-comparable); off by default
 * @param verbose   let the engine print its own diagnostics (off: engines stay quiet)
 */
public record BackendOptions(int threads, boolean allowTf32, boolean verbose) {

    public BackendOptions {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0 (0 = one per core), got " + threads);
        }
    }

    /** The defaults: all cores, exact float32 math, quiet. */
    public static BackendOptions defaults() {
        return new BackendOptions(0, false, false);
    }

    /** The thread count to use: {@link #threads()} or, when 0, the number of available processors. */
    public int effectiveThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }
}
