package dev.cgan.backend.jcuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles every kernel source with nvcc, with the options NVRTC gets at run time plus warnings as errors, for the
 * oldest and a current architecture, so that a syntax or type error in a kernel fails the build instead of the first
 * GPU run. Skipped, with the reason, where nvcc is not on the PATH.
 */
class KernelSourcesCompileTest {

    @TempDir
    static Path dir;

    private static String nvcc;

    @BeforeAll
    static void findNvcc() {
        nvcc = onPath("nvcc");
        Assumptions.assumeTrue(nvcc != null, "nvcc is not on the PATH: the CUDA kernel sources are not compiled here");
    }

    static String onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String d : path.split(":")) {
            Path candidate = Path.of(d.isEmpty() ? "." : d, tool);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    @TestFactory
    List<DynamicTest> everySourceCompiles() {
        List<DynamicTest> tests = new ArrayList<>();
        for (KernelSource source : KernelSource.values()) {
            tests.add(DynamicTest.dynamicTest(source.file(), () -> compile(source)));
        }
        return tests;
    }

    private static void compile(KernelSource source) throws IOException, InterruptedException {
        Path cu = dir.resolve(source.file());
        Files.writeString(cu, source.read(), StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of(nvcc, "--fatbin", "--Werror", "all-warnings",
                "-gencode", "arch=compute_75,code=sm_75", "-gencode", "arch=compute_90,code=sm_90"));
        // The run-time NVRTC options, less the architecture (given above for two generations).
        for (String option : KernelLibrary.compileOptions(9, 0)) {
            if (!option.startsWith("--gpu-architecture")) {
                command.add(option);
            }
        }
        command.addAll(List.of("-o", dir.resolve(source.file() + ".fatbin").toString(), cu.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "nvcc did not finish in 5 minutes");
        assertEquals(0, p.exitValue(), () -> "nvcc failed on " + source.file() + ":\n" + output);
        assertTrue(Files.size(dir.resolve(source.file() + ".fatbin")) > 0, "nvcc wrote no binary");
    }
}
