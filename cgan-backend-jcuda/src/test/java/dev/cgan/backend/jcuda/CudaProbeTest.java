package dev.cgan.backend.jcuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.api.DeviceKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each way the CUDA backend can be unavailable gives its own exact reason; a complete setup lists its GPUs. */
class CudaProbeTest {

    @TempDir
    Path dir;

    private CudaProbe.Result probe(FakeCuda cuda, boolean driverInstalled) throws IOException {
        if (driverInstalled) {
            Files.createFile(dir.resolve("libcuda.so.1"));
        }
        return new CudaProbe(cuda, new LibrarySearch(List.of(dir))).run();
    }

    private static String reason(CudaProbe.Result r) {
        assertFalse(r.availability().available(), "expected unavailable");
        assertTrue(r.devices().isEmpty(), "no devices when unavailable");
        return r.availability().reason();
    }

    @Test
    void missingJniModulesAreNamedWithTheFlagThatAddsThem() throws IOException {
        FakeCuda cuda = new FakeCuda();
        cuda.modules = false;
        String reason = reason(probe(cuda, true));
        assertTrue(reason.contains("--add-modules org.bytedeco.cuda.linux.x86_64"), reason);
    }

    @Test
    void noDriverIsReportedAsNoDriverWithTheLinkerMessage() throws IOException {
        FakeCuda cuda = new FakeCuda();
        cuda.runtimeLinkFailure = new UnsatisfiedLinkError("libcuda.so.1: cannot open shared object file");
        String reason = reason(probe(cuda, false));
        assertTrue(reason.startsWith("no NVIDIA driver: libcuda.so.1 not found"), reason);
        assertTrue(reason.contains("cannot open shared object file"), reason);
    }

    @Test
    void aRuntimeThatFailsToLoadWithADriverPresentPointsAtTheCudaInstallation() throws IOException {
        FakeCuda cuda = new FakeCuda();
        ExceptionInInitializerError error = new ExceptionInInitializerError(
                new UnsatisfiedLinkError("libcudart.so.13: cannot open shared object file"));
        cuda.runtimeLinkFailure = error;
        String reason = reason(probe(cuda, true));
        assertTrue(reason.contains("libcudart.so.13: cannot open shared object file"), reason);
        assertTrue(reason.contains("-Dorg.bytedeco.javacpp.pathsFirst=true"), reason);
        assertTrue(reason.contains("LD_LIBRARY_PATH"), reason);
    }

    @Test
    void aDriverWithoutDevicesSaysSo() throws IOException {
        FakeCuda cuda = new FakeCuda();
        cuda.countFailure = new CudaException(Status.message("cudaGetDeviceCount", 100,
                "no CUDA-capable device is detected"));
        String reason = reason(probe(cuda, true));
        assertEquals("no usable CUDA device: CudaException: cudaGetDeviceCount failed: no CUDA-capable device is "
                + "detected (100)", reason);
    }

    @Test
    void zeroDevicesSaysSo() throws IOException {
        FakeCuda cuda = new FakeCuda();
        cuda.devices = 0;
        assertEquals("no CUDA device: the driver reports 0 GPUs", reason(probe(cuda, true)));
    }

    @Test
    void eachMissingLibraryIsNamed() throws IOException {
        FakeCuda cublas = new FakeCuda();
        cublas.cublasFailure = new UnsatisfiedLinkError("libcublasLt.so.13: cannot open shared object file");
        assertTrue(reason(probe(cublas, true)).startsWith("cuBLAS (libcublas.so.13"));

        FakeCuda cudnn = new FakeCuda();
        cudnn.cudnnFailure = new NoClassDefFoundError("Could not initialize class org.bytedeco.cuda.global.cudnn");
        String cudnnReason = new CudaProbe(cudnn, new LibrarySearch(List.of(dir))).run().availability().reason();
        assertTrue(cudnnReason.startsWith("cuDNN 9 (libcudnn_ops.so.9"), cudnnReason);

        FakeCuda nvrtc = new FakeCuda();
        nvrtc.nvrtcFailure = new UnsatisfiedLinkError("libnvrtc.so.13: cannot open shared object file");
        String nvrtcReason = new CudaProbe(nvrtc, new LibrarySearch(List.of(dir))).run().availability().reason();
        assertTrue(nvrtcReason.startsWith("NVRTC (libnvrtc.so.13"), nvrtcReason);
        assertTrue(nvrtcReason.contains("libnvrtc.so.13: cannot open shared object file"), nvrtcReason);
    }

    @Test
    void aCompleteSetupListsEveryGpuWithVersions() throws IOException {
        FakeCuda cuda = new FakeCuda();
        cuda.devices = 2;
        CudaProbe.Result r = probe(cuda, true);
        assertTrue(r.availability().available(), r.availability().reason());
        assertEquals("CUDA runtime 13.1, driver 13.0, cuDNN 9.19.0, NVRTC 13.1; 2 GPUs: Fake GPU 0 (sm_90, 81559 MiB), "
                + "...", r.availability().reason());
        assertEquals(2, r.devices().size());
        assertEquals(DeviceKind.GPU, r.devices().get(1).kind());
        assertEquals(1, r.devices().get(1).index());
    }

    @Test
    void anUnexpectedFailureIsAReasonNotACrash() throws IOException {
        FakeCuda cuda = new FakeCuda() {
            @Override
            public String describeDevice(int index) {
                throw new IllegalStateException("boom");
            }
        };
        String reason = reason(probe(cuda, true));
        assertTrue(reason.contains("failed unexpectedly") && reason.contains("boom"), reason);
    }

    @Test
    void theReasonIsTheLinkersOwnWordsOnOneLine() {
        Throwable t = new UnsatisfiedLinkError("no jnicudart in java.library.path: /usr/lib:/lib");
        t.initCause(new UnsatisfiedLinkError("/home/u/.javacpp/cache/cuda-13.1-9.19-1.5.13-linux-x86_64.jar/org/"
                + "bytedeco/cuda/linux-x86_64/libjnicudart.so: libcuda.so.1: cannot open\nshared object file"));
        assertEquals("UnsatisfiedLinkError: libjnicudart.so: libcuda.so.1: cannot open shared object file",
                CudaProbe.causes(t));
        assertEquals("IllegalStateException: boom", CudaProbe.causes(new IllegalStateException("boom")));
    }
}
