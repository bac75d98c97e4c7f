package dev.cgan.backend.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.api.Availability;
import dev.cgan.api.Backend;
import dev.cgan.api.BackendOptions;
import dev.cgan.api.BackendRegistry;
import dev.cgan.api.BackendUnavailableException;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.Device;
import dev.cgan.api.DeviceKind;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.backend.djl.kernel.Convolution;
import dev.cgan.backend.djl.kernel.ConvolutionSelfCheck;
import dev.cgan.backend.djl.kernel.ShapeCheckedConvolution;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Discovery, availability, devices, opening, and where DJL's natives go. */
class DjlBackendTest {

    @Test
    void isFoundByTheRegistryUnderItsName() {
        Backend djl = BackendRegistry.load().byName("djl");
        assertEquals("djl", djl.name());
        assertEquals(100, djl.priority());
        assertTrue(djl.description().contains("PyTorch 2.7.1") && djl.description().contains("DJL 0.36.0"),
                djl.description());
    }

    @Test
    void isAvailableWithTheBundledLibtorchAndListsTheCpu() {
        DjlBackend djl = new DjlBackend();
        Availability availability = djl.availability();
        assertTrue(availability.available(), availability.reason());
        assertTrue(availability.reason().contains("libtorch"), availability.reason());
        assertTrue(availability.reason().contains("CPU only") || availability.reason().contains("usable"),
                () -> "the note says what the GPU state is: " + availability.reason());
        List<Device> devices = djl.devices();
        assertTrue(devices.stream().anyMatch(d -> d.kind() == DeviceKind.CPU), devices.toString());
    }

    @Test
    void opensOnTheCpuAndRoundTripsValues() {
        try (ComputeContext context = new DjlBackend().open(Device.cpu(), new BackendOptions(2, false, false))) {
            assertTrue(context.device().sameAs(Device.cpu()));
            Tensor t = context.tensor(new float[] {1, 2, 3, 4, 5, 6}, Shape.of(2, 3));
            assertEquals(Shape.of(2, 3), t.shape());
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, t.toFloatArray());
            assertArrayEquals(new float[4], context.zeros(Shape.of(4)).toFloatArray());
            assertEquals(7f, context.tensor(new float[] {7}, Shape.scalar()).item());
        }
    }

    @Test
    void usesLibtorchsConvolutionOnlyWhereItPassesTheSelfCheck() {
        try (ComputeContext context = Fixtures.cpu()) {
            DjlContext djl = (DjlContext) context;
            boolean libtorchHealthy = ConvolutionSelfCheck.run(djl.manager(), Convolution.LIBTORCH) == null;
            if (libtorchHealthy) {
                assertEquals(Convolution.LIBTORCH, djl.convolution());
            } else {
                assertTrue(djl.convolution() instanceof ShapeCheckedConvolution, djl.convolution().toString());
            }
            assertEquals(!libtorchHealthy,
                    context.device().description().contains(ShapeCheckedConvolution.DESCRIPTION),
                    context.device().description());
            assertEquals(Map.of(DjlBackend.CONVOLUTION, libtorchHealthy ? "libtorch" : "shape-checked"),
                    context.diagnostics(), "the public door benchmarks read the choice through");
        }
    }

    @Test
    void namesEachConvolutionForDiagnostics() {
        assertEquals("libtorch", Convolution.nameOf(Convolution.LIBTORCH));
        assertEquals("im2col", Convolution.nameOf(Convolution.IM2COL));
        assertEquals("shape-checked", Convolution.nameOf(new ShapeCheckedConvolution()));
        assertSame(Convolution.LIBTORCH, Convolution.named("libtorch"));
        assertSame(Convolution.IM2COL, Convolution.named("im2col"));
        assertTrue(Convolution.named("shape-checked") instanceof ShapeCheckedConvolution);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Convolution.named(null));
        assertTrue(e.getMessage().contains("expected libtorch, im2col or shape-checked"), e.getMessage());
    }

    @Test
    void refusesAGpuWhenLibtorchHasNoCuda() {
        DjlBackend djl = new DjlBackend();
        if (djl.devices().stream().anyMatch(d -> d.kind() == DeviceKind.GPU)) {
            return; // a CUDA libtorch is configured: nothing to refuse
        }
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> djl.open(Device.gpu(0, "GPU 0"), BackendOptions.defaults()));
        assertTrue(e.getMessage().contains("PYTORCH_LIBRARY_PATH"), e.getMessage());
    }

    @Test
    void cacheDirectoryFollowsDjlThenXdgThenHome() {
        Path home = Paths.get("/home/someone");
        assertEquals(Paths.get("/explicit"),
                NativeRuntime.cacheDir(Environment.of(Map.of("DJL_CACHE_DIR", "/explicit"), home.toString())));
        assertEquals(Paths.get("/xdg/cgan/djl"),
                NativeRuntime.cacheDir(Environment.of(Map.of("XDG_CACHE_HOME", "/xdg"), home.toString())));
        assertEquals(home.resolve(".cache/cgan/djl"),
                NativeRuntime.cacheDir(Environment.of(Map.of(), home.toString())));
        // XDG requires an absolute path; a relative one is ignored
        assertEquals(home.resolve(".cache/cgan/djl"),
                NativeRuntime.cacheDir(Environment.of(Map.of("XDG_CACHE_HOME", "rel"), home.toString())));
    }

    @Test
    void missingLibtorchOverrideIsReportedNotThrown() {
        NativeLibraryProbe probe = new NativeLibraryProbe(
                Environment.of(Map.of("PYTORCH_LIBRARY_PATH", "/nonexistent/libtorch"), "/home/someone"));
        NativeLibraryProbe.NativeLibraryMissing e = assertThrows(NativeLibraryProbe.NativeLibraryMissing.class,
                probe::libtorch);
        assertTrue(e.getMessage().contains("/nonexistent/libtorch"), e.getMessage());
    }

    @Test
    void testsKeepDjlOfflineAndOutOfTheHomeDirectory() {
        assertEquals("true", System.getProperty("ai.djl.offline"));
        String cache = System.getenv("DJL_CACHE_DIR") != null ? System.getenv("DJL_CACHE_DIR")
                : System.getProperty("DJL_CACHE_DIR");
        assertFalse(cache == null || cache.endsWith(".djl.ai"), "DJL cache: " + cache);
    }

    @Test
    void gpuStateIsReportedTruthfully() {
        assertTrue(DjlBackend.gpuState(false, 0).startsWith("CPU only"));
        String cpuLibtorchOnGpuMachine = DjlBackend.gpuState(false, 2);
        assertTrue(cpuLibtorchOnGpuMachine.contains("2 NVIDIA GPUs are present")
                && cpuLibtorchOnGpuMachine.contains("PYTORCH_LIBRARY_PATH")
                && cpuLibtorchOnGpuMachine.contains("PYTORCH_FLAVOR=cu128"), cpuLibtorchOnGpuMachine);
        assertTrue(DjlBackend.gpuState(true, 0).contains("shows no GPU"));
        assertTrue(DjlBackend.gpuState(true, 1).equals("1 NVIDIA GPU usable"));
    }
}
