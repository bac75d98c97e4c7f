package dev.cgan.backend.djl;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Finds, without loading anything native, the pieces DJL's PyTorch engine needs offline: its Java classes, the JNI
 * glue ({@code libdjl_torch}) and libtorch itself, and tells whether that libtorch can drive CUDA GPUs.
 *
 * <p>Every check is a class or resource lookup or a file test, so discovery stays cheap and cannot crash the JVM.
 */
final class NativeLibraryProbe {

    /** What was found: the libtorch in use, whether it has CUDA, and a one-line description. */
    record Libtorch(String description, boolean cuda) {
    }

    private static final String ENGINE_CLASS = "ai.djl.engine.Engine";
    private static final String PYTORCH_ENGINE_CLASS = "ai.djl.pytorch.engine.PtEngineProvider";
    private static final String BUNDLED_LIBTORCH = "native/lib/pytorch.properties";
    private static final String BUNDLED_JNI = "jnilib/pytorch.properties";
    private static final String ENGINE_PROPERTIES = "pytorch-engine.properties";

    private final Environment environment;

    NativeLibraryProbe(Environment environment) {
        this.environment = environment;
    }

    /** The libtorch DJL would load, or the reason none can be loaded (as an exception message). */
    Libtorch libtorch() throws NativeLibraryMissing {
        requireClass(ENGINE_CLASS, "ai.djl:api");
        requireClass(PYTORCH_ENGINE_CLASS, "ai.djl.pytorch:pytorch-engine");
        Libtorch lib = findLibtorch();
        requireJni(lib);
        return lib;
    }

    /** The DJL and PyTorch versions this engine jar was built for, e.g. {@code ["0.36.0", "2.7.1"]}. */
    String[] versions() {
        Properties p = resource(ENGINE_PROPERTIES);
        return new String[] {
            p.getProperty("djl_version", DjlBackend.DJL_VERSION),
            p.getProperty("pytorch_version", DjlBackend.PYTORCH_VERSION)};
    }

    /** The NVIDIA GPUs the driver exposes (from {@code /proc}, so no CUDA library is touched), by model name. */
    List<String> nvidiaGpus() {
        Path root = Paths.get("/proc/driver/nvidia/gpus");
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return names;
        }
        try (Stream<Path> gpus = Files.list(root)) {
            for (Path gpu : gpus.sorted().toList()) {
                names.add(modelName(gpu.resolve("information")));
            }
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        return names;
    }

    private static String modelName(Path information) {
        try {
            for (String line : Files.readAllLines(information)) {
                if (line.startsWith("Model:")) {
                    return line.substring("Model:".length()).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // unreadable: fall through to the generic name
        }
        return "NVIDIA GPU";
    }

    private Libtorch findLibtorch() throws NativeLibraryMissing {
        String override = environment.get("PYTORCH_LIBRARY_PATH");
        if (override != null && !override.isBlank()) {
            for (String entry : override.split(java.io.File.pathSeparator)) {
                Path dir = Paths.get(entry);
                if (Files.isRegularFile(dir)) {
                    dir = dir.getParent();
                }
                if (dir != null && Files.isRegularFile(dir.resolve(System.mapLibraryName("torch")))) {
                    boolean cuda = Files.exists(dir.resolve(System.mapLibraryName("torch_cuda")));
                    return new Libtorch("libtorch " + (cuda ? "with CUDA " : "") + "at " + dir
                            + " (PYTORCH_LIBRARY_PATH)", cuda);
                }
            }
            throw new NativeLibraryMissing("PYTORCH_LIBRARY_PATH=" + override + " contains no "
                    + System.mapLibraryName("torch"));
        }
        Properties bundled = resource(BUNDLED_LIBTORCH);
        if (!bundled.isEmpty()) {
            String classifier = bundled.getProperty("classifier", "");
            if (!classifier.equals(platform())) {
                throw new NativeLibraryMissing("the bundled libtorch is for " + classifier + ", this machine is "
                        + platform() + ": use ai.djl.pytorch:pytorch-native-cpu with classifier " + platform());
            }
            String flavor = bundled.getProperty("flavor", "cpu");
            return new Libtorch("bundled libtorch " + bundled.getProperty("version", "?") + " (" + flavor + ", "
                    + classifier + ")", flavor.startsWith("cu"));
        }
        Path cached = cachedLibtorch();
        if (cached != null) {
            return new Libtorch("libtorch in the DJL cache at " + cached, cached.getFileName().toString()
                    .contains("-cu"));
        }
        throw new NativeLibraryMissing("no PyTorch native library: put ai.djl.pytorch:pytorch-native-cpu:"
                + DjlBackend.PYTORCH_VERSION + " (classifier " + platform()
                + ") on the class path, or point PYTORCH_LIBRARY_PATH at a libtorch " + DjlBackend.PYTORCH_VERSION);
    }

    private void requireJni(Libtorch lib) throws NativeLibraryMissing {
        if (!resource(BUNDLED_JNI).isEmpty()) {
            return;
        }
        Path pytorchCache = NativeRuntime.cacheDir(environment).resolve("pytorch");
        String jni = DjlBackend.DJL_VERSION + "-" + System.mapLibraryName("djl_torch");
        try (Stream<Path> dirs = Files.isDirectory(pytorchCache) ? Files.list(pytorchCache) : Stream.empty()) {
            if (dirs.anyMatch(d -> Files.exists(d.resolve(jni)))) {
                return;
            }
        } catch (IOException | RuntimeException e) {
            // treated as not found
        }
        throw new NativeLibraryMissing("no DJL PyTorch JNI library for " + lib.description()
                + ": put ai.djl.pytorch:pytorch-jni:" + DjlBackend.PYTORCH_VERSION + "-" + DjlBackend.DJL_VERSION
                + " on the class path (DJL runs offline and cannot download it)");
    }

    private Path cachedLibtorch() {
        Path pytorchCache = NativeRuntime.cacheDir(environment).resolve("pytorch");
        String prefix = DjlBackend.PYTORCH_VERSION + "-";
        try (Stream<Path> dirs = Files.isDirectory(pytorchCache) ? Files.list(pytorchCache) : Stream.empty()) {
            return dirs.filter(d -> d.getFileName().toString().startsWith(prefix)
                            && d.getFileName().toString().endsWith(platform())
                            && Files.isRegularFile(d.resolve(System.mapLibraryName("torch"))))
                    .findFirst().orElse(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void requireClass(String name, String artifact) throws NativeLibraryMissing {
        try {
            Class.forName(name, false, NativeLibraryProbe.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new NativeLibraryMissing(artifact + " is not on the class or module path (" + name + " not found)");
        }
    }

    /** A properties resource from any jar visible to this module or the class path; empty if absent or unreadable. */
    private static Properties resource(String name) {
        Properties p = new Properties();
        for (ClassLoader loader : loaders()) {
            URL url = loader.getResource(name);
            if (url == null) {
                continue;
            }
            try (InputStream in = url.openStream()) {
                p.load(in);
                return p;
            } catch (IOException | RuntimeException e) {
                return new Properties();
            }
        }
        return p;
    }

    private static List<ClassLoader> loaders() {
        List<ClassLoader> loaders = new ArrayList<>();
        Optional.ofNullable(Thread.currentThread().getContextClassLoader()).ifPresent(loaders::add);
        Optional.ofNullable(NativeLibraryProbe.class.getClassLoader()).ifPresent(loaders::add);
        loaders.add(ClassLoader.getSystemClassLoader());
        return loaders;
    }

    /** DJL's platform classifier for this machine, e.g. {@code linux-x86_64}. */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String osPrefix = os.startsWith("win") ? "win" : os.startsWith("mac") ? "osx" : os.startsWith("linux")
                ? "linux" : os;
        String archName = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> arch;
        };
        return osPrefix + "-" + archName;
    }

    /** Why the native pieces are not usable; the message is the human reason. */
    static final class NativeLibraryMissing extends Exception {
        private static final long serialVersionUID = 1L;

        NativeLibraryMissing(String message) {
            super(message);
        }
    }
}
