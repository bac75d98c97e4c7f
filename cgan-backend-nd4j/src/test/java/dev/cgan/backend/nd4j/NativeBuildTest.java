package dev.cgan.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.api.BackendOptions;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.Device;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The libnd4j build the engine runs on is the one the build selected ({@code nd4j.native.classifier}): the instruction
 * set libnd4j itself reports after loading matches the classifier of the jar on the class path, and a CPU without the
 * build's instruction set is refused with the flags it lacks.
 */
class NativeBuildTest {

    @Test
    void loadedLibnd4jIsTheBuildOnTheClassPath() {
        NativePlatform platform = NativePlatform.detect();
        NativePlatform.CpuBuild build = platform.cpuBuild();
        assertNotNull(build, "no libnd4j CPU build on the test class path: " + platform.build());
        Nd4jBackend backend = new Nd4jBackend();
        try (ComputeContext context = backend.open(Device.cpu(), BackendOptions.defaults())) {
            assertEquals(NativePlatform.level(build.binaryLevel), NativePlatform.level(NativeRuntime.binaryLevel()),
                    "libnd4j's binaryLevel() against the classifier " + build.classifier);
            assertTrue(context.device().description().contains(build.words), context.device().description());
        }
    }

    @Test
    void aCpuWithoutTheBuildsFlagsIsNamed() {
        Set<String> avx512 = NativePlatform.CpuBuild.ONEDNN_AVX512.flags;
        String zen3 = "flags\t\t: fpu sse2 avx avx2 fma bmi2";
        assertEquals(List.of("avx512bw", "avx512cd", "avx512dq", "avx512f", "avx512vl"),
                List.copyOf(NativePlatform.lacking(avx512, zen3)));
        String skylakeX = "flags : fpu avx2 fma avx512f avx512dq avx512cd avx512bw avx512vl";
        assertEquals(Set.of(), NativePlatform.lacking(avx512, skylakeX));
        assertEquals(List.of("avx2"), List.copyOf(NativePlatform.lacking(
                NativePlatform.CpuBuild.ONEDNN_AVX2.flags, "flags : sse4_2 avx fma")));
    }
}
