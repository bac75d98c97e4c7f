package dev.cgan.backend.nd4j;

import dev.cgan.api.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which ND4J build is on the class path (one of libnd4j's CPU builds, by default the one with oneDNN for AVX2, or the
 * CUDA 11.6 build) and whether this machine can run it, found without loading anything native: from the jars'
 * resources, the CPU's flags and the NVIDIA driver's device list.
 */
final class NativePlatform {

    private static final String CPU_BACKEND = "org/nd4j/linalg/cpu/nativecpu/CpuBackend.class";
    private static final String CPU_BINDINGS = "org/nd4j/linalg/cpu/nativecpu/bindings/";
    private static final String CUDA_BACKEND = "org/nd4j/linalg/jcublas/JCublasBackend.class";
    private static final Path NVIDIA_GPUS = Path.of("/proc/driver/nvidia/gpus");
    private static final Path CPU_INFO = Path.of("/proc/cpuinfo");

    private enum Build { CPU, CUDA, NONE }

    /**
     * libnd4j's x86-64 CPU builds on Maven Central ({@code org.nd4j:nd4j-native} classifiers), most specific first:
     * the instruction set each was compiled for, as libnd4j's {@code binaryLevel()} numbers it, and the CPU flags it
     * needs (libnd4j's AVX-512 builds target Skylake-X: F, CD, BW, DQ and VL).
     */
    enum CpuBuild {
        ONEDNN_AVX512("linux-x86_64-onednn-avx512", "oneDNN, AVX-512", 3, "avx512f avx512cd avx512bw avx512dq avx512vl"),
        ONEDNN_AVX2("linux-x86_64-onednn-avx2", "oneDNN, AVX2", 2, "avx2 fma"),
        AVX512("linux-x86_64-avx512", "AVX-512", 3, "avx512f avx512cd avx512bw avx512dq avx512vl"),
        AVX2("linux-x86_64-avx2", "AVX2", 2, "avx2 fma"),
        ONEDNN("linux-x86_64-onednn", "oneDNN, generic x86-64", 1, ""),
        GENERIC("linux-x86_64", "generic x86-64", 1, "");

        final String classifier;
        final String words;
        /** What libnd4j's {@code binaryLevel()} reports for this build (1 generic x86-64, 2 AVX2, 3 AVX-512). */
        final int binaryLevel;
        final Set<String> flags;

        CpuBuild(String classifier, String words, int binaryLevel, String flags) {
            this.classifier = classifier;
            this.words = words;
            this.binaryLevel = binaryLevel;
            this.flags = flags.isEmpty() ? Set.of() : Set.of(flags.split(" "));
        }
    }

    private final Build build;
    private final CpuBuild cpuBuild;

    private NativePlatform(Build build, CpuBuild cpuBuild) {
        this.build = build;
        this.cpuBuild = cpuBuild;
    }

    static NativePlatform detect() {
        ClassLoader loader = NativePlatform.class.getClassLoader();
        if (loader.getResource(CUDA_BACKEND) != null) {
            return new NativePlatform(Build.CUDA, null);
        }
        if (loader.getResource(CPU_BACKEND) != null) {
            // JavaCPP loads the first build it finds; with one classifier jar on the class path (as the poms put it)
            // that is the one found here.
            CpuBuild found = Arrays.stream(CpuBuild.values())
                    .filter(b -> loader.getResource(CPU_BINDINGS + b.classifier + "/") != null)
                    .findFirst().orElse(null);
            return found == null ? new NativePlatform(Build.NONE, null) : new NativePlatform(Build.CPU, found);
        }
        return new NativePlatform(Build.NONE, null);
    }

    /** The CPU build on the class path, or null for none (CUDA, or nothing). */
    CpuBuild cpuBuild() {
        return cpuBuild;
    }

    /** What was built in, in words. */
    String build() {
        return switch (build) {
            case CPU -> "CPU, " + cpuBuild.words;
            case CUDA -> "CUDA 11.6";
            case NONE -> "no native build";
        };
    }

    /** Why this build cannot run here, or {@code null} when it can. */
    String missing() {
        return switch (build) {
            case NONE -> "no ND4J native build on the class path (org.nd4j:nd4j-native with a linux-x86_64 classifier,"
                    + " or nd4j-cuda-11.6)";
            case CPU -> {
                Set<String> lacking = lackingFlags(cpuBuild.flags);
                yield lacking.isEmpty() ? null : "this CPU lacks " + String.join(", ", lacking)
                        + ", which the bundled libnd4j (" + cpuBuild.classifier + ") needs; build with"
                        + " -Dnd4j.native.classifier=linux-x86_64-onednn-avx2 or another build this CPU runs";
            }
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

    /** libnd4j's {@code binaryLevel()} / {@code optimalLevel()} numbers in words. */
    static String level(int level) {
        return switch (level) {
            case 0, 1 -> "generic x86-64";
            case 2 -> "AVX2";
            case 3 -> "AVX-512";
            default -> "level " + level;
        };
    }

    /** The flags of {@code needed} this CPU does not report (none off x86-64 Linux: loading decides there). */
    private static Set<String> lackingFlags(Set<String> needed) {
        if (needed.isEmpty()) {
            return Set.of();
        }
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!arch.equals("amd64") && !arch.equals("x86_64")) {
            return needed;
        }
        try (Stream<String> lines = Files.lines(CPU_INFO)) {
            return lacking(needed, lines.filter(l -> l.startsWith("flags")).findFirst().orElse(""));
        } catch (IOException | RuntimeException e) {
            // No /proc (not Linux): the bundled library is for Linux anyway; let loading decide.
            return Set.of();
        }
    }

    /** The flags of {@code needed} missing from a {@code /proc/cpuinfo} line {@code flags : a b c}, sorted. */
    static Set<String> lacking(Set<String> needed, String flagsLine) {
        Set<String> flags = new HashSet<>(Arrays.asList(
                flagsLine.substring(flagsLine.indexOf(':') + 1).trim().split("\\s+")));
        return needed.stream().filter(f -> !flags.contains(f)).sorted()
                .collect(Collectors.toCollection(LinkedHashSet::new));
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
