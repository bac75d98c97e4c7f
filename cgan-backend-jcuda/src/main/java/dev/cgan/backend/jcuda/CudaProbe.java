package dev.cgan.backend.jcuda;

import dev.cgan.api.Availability;
import dev.cgan.api.Device;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides whether the CUDA backend can run here and, when it cannot, says exactly why: the JNI modules were not added,
 * no NVIDIA driver, no device, or which CUDA library failed to load. Each step runs only if the previous one passed;
 * nothing here throws or lets a native failure escape.
 */
final class CudaProbe {

    static final String PATHS_HINT = "install CUDA 13 and cuDNN 9, or put their lib directories on LD_LIBRARY_PATH and "
            + "start Java with -Dorg.bytedeco.javacpp.pathsFirst=true (docs/GPU.md)";

    /** What the probe found: whether the backend can run, why (not), and the devices when it can. */
    record Result(Availability availability, List<Device> devices) {
    }

    private final NativeCuda cuda;
    private final LibrarySearch search;

    CudaProbe(NativeCuda cuda, LibrarySearch search) {
        this.cuda = cuda;
        this.search = search;
    }

    Result run() {
        try {
            return probe();
        } catch (RuntimeException | LinkageError e) {
            return unavailable("the CUDA availability check failed unexpectedly: " + causes(e));
        }
    }

    private Result probe() {
        if (!cuda.jniModulesPresent()) {
            return unavailable("JavaCPP's CUDA JNI libraries are not found: put the jars cuda-*-linux-x86_64 and "
                    + "javacpp-*-linux-x86_64 on the class path, or on the module path and start Java with "
                    + "--add-modules org.bytedeco.cuda.linux.x86_64,org.bytedeco.javacpp.linux.x86_64 "
                    + "(or ALL-MODULE-PATH)");
        }
        try {
            cuda.loadRuntime();
        } catch (RuntimeException | LinkageError e) {
            if (search.find("libcuda.so.1").isEmpty()) {
                return unavailable("no NVIDIA driver: libcuda.so.1 not found (install the NVIDIA driver; loading the "
                        + "CUDA runtime failed: " + causes(e) + ")");
            }
            return unavailable("cannot load the CUDA 13 runtime (libcudart.so.13) through JavaCPP: " + causes(e)
                    + "; " + PATHS_HINT);
        }
        int count;
        try {
            count = cuda.deviceCount();
        } catch (RuntimeException | LinkageError e) {
            return unavailable("no usable CUDA device: " + causes(e));
        }
        if (count <= 0) {
            return unavailable("no CUDA device: the driver reports 0 GPUs");
        }
        String cudnnVersion;
        String nvrtcVersion;
        try {
            cuda.loadCublas();
        } catch (RuntimeException | LinkageError e) {
            return missing("cuBLAS (libcublas.so.13, libcublasLt.so.13)", e);
        }
        try {
            cudnnVersion = cuda.loadCudnn();
        } catch (RuntimeException | LinkageError e) {
            return missing("cuDNN 9 (libcudnn_ops.so.9, libcudnn_cnn.so.9, libcudnn_adv.so.9, libcudnn_graph.so.9)", e);
        }
        try {
            nvrtcVersion = cuda.loadNvrtc();
        } catch (RuntimeException | LinkageError e) {
            return missing("NVRTC (libnvrtc.so.13, libnvrtc-builtins.so.13)", e);
        }
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            devices.add(Device.gpu(i, cuda.describeDevice(i)));
        }
        String note = "CUDA " + cuda.cudaVersions() + ", cuDNN " + cudnnVersion + ", NVRTC " + nvrtcVersion + "; "
                + count + " GPU" + (count == 1 ? "" : "s") + ": " + devices.get(0).description()
                + (count > 1 ? ", ..." : "");
        return new Result(Availability.available(note), List.copyOf(devices));
    }

    private static Result missing(String library, Throwable e) {
        return unavailable(library + " cannot be loaded: " + causes(e) + "; " + PATHS_HINT);
    }

    private static Result unavailable(String reason) {
        return new Result(Availability.unavailable(reason), List.of());
    }

    /**
     * The linker's own words for a failure, on one line: the deepest cause's message (JavaCPP wraps it in a summary of
     * every directory it searched), with the path of JavaCPP's extraction cache cut to the library's file name.
     */
    static String causes(Throwable e) {
        Throwable deepest = e;
        Set<Throwable> seen = new LinkedHashSet<>();
        while (deepest.getCause() != null && seen.add(deepest)) {
            deepest = deepest.getCause();
        }
        String m = deepest.getMessage();
        String text = deepest.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m.strip());
        return text.replaceAll("\\s+", " ").replaceAll("/\\S*/([^/\\s]+\\.so[.0-9]*:)", "$1");
    }
}
