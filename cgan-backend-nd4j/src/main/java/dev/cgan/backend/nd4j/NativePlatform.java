package dev.cgan.backend.nd4j;

import dev.cgan.api.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Which ND4J build is on the class path (the CPU build with oneDNN for AVX2, or the CUDA 11.6 build) and whether this
 * machine can run it, found without loading anything native: from the jars' resources, the CPU's flags and the NVIDIA
 * driver's device list.
 */
final class NativePlatform {

    private static final String CPU_BACKEND = "org/nd4j/linalg/cpu/nativecpu/CpuBackend.class";
    private static final String CPU_ONEDNN_AVX2 = "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64-onednn-avx2/";
    private static final String CUDA_BACKEND = "org/nd4j/linalg/jcublas/JCublasBackend.class";
    private static final Path NVIDIA_GPUS = Path.of("/proc/driver/nvidia/gpus");
    private static final Path CPU_INFO = Path.of("/proc/cpuinfo");

    private enum Build { CPU, CUDA, NONE }

    private final Build build;
    private final boolean onednnAvx2;

    private NativePlatform(Build build, boolean onednnAvx2) {
        this.build = build;
        this.onednnAvx2 = onednnAvx2;
    }

    static NativePlatform detect() {
        ClassLoader loader = NativePlatform.class.getClassLoader();
        if (loader.getResource(CUDA_BACKEND) != null) {
            return new NativePlatform(Build.CUDA, false);
        }
        if (loader.getResource(CPU_BACKEND) != null) {
            return new NativePlatform(Build.CPU, loader.getResource(CPU_ONEDNN_AVX2) != null);
        }
        return new NativePlatform(Build.NONE, false);
    }

    /** What was built in, in words. */
    String build() {
        return switch (build) {
            case CPU -> onednnAvx2 ? "CPU, oneDNN, AVX2" : "CPU";
            case CUDA -> "CUDA 11.6";
            case NONE -> "no native build";
        };
    }

    /** Why this build cannot run here, or {@code null} when it can. */
    String missing() {
        return switch (build) {
            case NONE -> "no ND4J native build on the class path (org.nd4j:nd4j-native or nd4j-cuda-11.6)";
            case CPU -> onednnAvx2 && !cpuHasAvx2()
                    ? "this CPU lacks AVX2, which the bundled libnd4j (linux-x86_64-onednn-avx2) needs" : null;
            case CUDA -> nvidiaGpus().isEmpty()
                    ? "the CUDA build of ND4J is on the class path but no NVIDIA GPU was found (no driver entries in "
                            + NVIDIA_GPUS + ")" : null;
        };
    }

    /** A short note on what will run. */
    String note() {
        return "ND4J " + Nd4jBackend.ND4J_VERSION + ", " + build();
    }

    /** The devices this build can use here, preferred first. */
    List<Device> devices() {
        if (build == Build.CPU) {
            return List.of(Device.cpu());
        }
        if (build == Build.CUDA) {
            List<String> gpus = nvidiaGpus();
            List<Device> out = new ArrayList<>();
            for (int i = 0; i < gpus.size(); i++) {
                out.add(Device.gpu(i, gpus.get(i)));
            }
            return List.copyOf(out);
        }
        return List.of();
    }

    private static boolean cpuHasAvx2() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!arch.equals("amd64") && !arch.equals("x86_64")) {
            return false;
        }
        try (Stream<String> lines = Files.lines(CPU_INFO)) {
            return lines.filter(l -> l.startsWith("flags")).findFirst()
                    .map(l -> (" " + l + " ").contains(" avx2 ")).orElse(false);
        } catch (IOException | RuntimeException e) {
            // No /proc (not Linux): the bundled library is for Linux anyway; let loading decide.
            return true;
        }
    }

    private static List<String> nvidiaGpus() {
        List<String> names = new ArrayList<>();
        try (Stream<Path> entries = Files.list(NVIDIA_GPUS)) {
            for (Path gpu : entries.sorted().toList()) {
                String model = "NVIDIA GPU";
                try (Stream<String> info = Files.lines(gpu.resolve("information"))) {
                    model = info.filter(l -> l.startsWith("Model:")).findFirst()
                            .map(l -> l.substring("Model:".length()).trim()).orElse(model);
                } catch (IOException | RuntimeException e) {
                    // keep the generic name
                }
                names.add(model);
            }
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        return names;
    }
}
