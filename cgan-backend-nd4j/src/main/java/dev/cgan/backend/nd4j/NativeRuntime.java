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

    /**
     * The instruction set the loaded libnd4j was compiled for, as libnd4j itself reports it ({@code binaryLevel()}: 1
     * generic x86-64, 2 AVX2, 3 AVX-512), independent of which jar it came from.
     */
    static int binaryLevel() {
        return NativeOpsHolder.getInstance().getDeviceNativeOps().binaryLevel();
    }

    /** The best of those levels this CPU supports, as libnd4j detects it ({@code optimalLevel()}). */
    static int optimalLevel() {
        return NativeOpsHolder.getInstance().getDeviceNativeOps().optimalLevel();
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
        if (javacppReadsSlf4j()) {
            setDefault("org.bytedeco.javacpp.logger", "slf4j");
        }
    }

    /**
     * Whether JavaCPP's logger may use SLF4J. On the class path it always may; when JavaCPP is a named module (the CUDA
     * backend needs it as one) its descriptor does not read SLF4J, and routing its messages there would fail its
     * class initialisation, unless the launcher added {@code --add-reads org.bytedeco.javacpp=org.slf4j} as
     * {@code bin/cgan-cli} does. Without that, JavaCPP keeps its own logger (warnings on stderr) rather than break.
     */
    private static boolean javacppReadsSlf4j() {
        ClassLoader loader = NativeRuntime.class.getClassLoader();
        try {
            Module javacpp = Class.forName("org.bytedeco.javacpp.Loader", false, loader).getModule();
            Module slf4j = Class.forName("org.slf4j.LoggerFactory", false, loader).getModule();
            return javacpp.canRead(slf4j);
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
