package dev.cgan.backend.nd4j;

import dev.cgan.api.BackendOptions;
import dev.cgan.api.BackendUnavailableException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Starts ND4J once per JVM: keeps its start-up reports (build information, version checks, JavaCPP's loader messages)
 * out of the terminal unless verbose, loads libnd4j, makes float32 the default and sets the thread counts.
 */
final class NativeRuntime {

    private static boolean started;

    private NativeRuntime() {
    }

    static synchronized void start(BackendOptions options) {
        if (!started) {
            quiet(options.verbose());
            try {
                Nd4j.getBackend();
                Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
            } catch (RuntimeException | LinkageError e) {
                throw new BackendUnavailableException("nd4j: libnd4j failed to load: " + e
                        + (options.verbose() ? "" : " (--verbose shows ND4J's own log)"), e);
            }
            started = true;
        }
        threads(options.effectiveThreads());
    }

    /** The intra-op threads now in effect (libnd4j's OpenMP, which oneDNN shares). */
    static int threads() {
        return NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
    }

    private static void threads(int n) {
        Nd4j.getEnvironment().setMaxMasterThreads(n);
        Nd4j.getEnvironment().setMaxThreads(n);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(n);
    }

    private static void quiet(boolean verbose) {
        if (verbose) {
            return;
        }
        // Settings the user gave with -D win.
        setDefault("org.nd4j.log.initialization", "false");
        setDefault("org.nd4j.versioncheck", "false");
        setDefault("org.bytedeco.javacpp.logger", "slf4j");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
