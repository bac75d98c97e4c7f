package dev.cgan.backend.jcuda;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.cuda.cudart.CUfunc_st;
import org.bytedeco.cuda.cudart.CUmod_st;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.cuda.global.nvrtc;
import org.bytedeco.cuda.nvrtc._nvrtcProgram;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacpp.SizeTPointer;

/**
 * The backend's kernels, compiled by NVRTC from {@link KernelSource}s to CUBIN for the device's own architecture (so a
 * newer NVRTC never hands the driver PTX it cannot load), loaded as driver modules, and launched by name.
 */
final class KernelLibrary implements AutoCloseable {

    private final Map<KernelSource, CUmod_st> modules = new EnumMap<>(KernelSource.class);
    private final Map<KernelSource, KernelSignatures> signatures = new EnumMap<>(KernelSource.class);
    private final Map<String, CUfunc_st> functions = new HashMap<>();
    private final boolean synchronizeEachLaunch;
    /**
     * One native block of argument slots (8 bytes each) and the array of their addresses that {@code cuLaunchKernel}
     * reads, allocated once: the driver copies the values when the launch is issued, so every launch can reuse them
     * (a fresh native allocation per argument cost more host time than the launch itself).
     */
    private final BytePointer argumentValues = new BytePointer(MAX_ARGUMENTS * SLOT_BYTES);
    private final PointerPointer<Pointer> argumentAddresses = new PointerPointer<>(MAX_ARGUMENTS);

    private static final int MAX_ARGUMENTS = 32;
    private static final long SLOT_BYTES = 8;

    private KernelLibrary(boolean synchronizeEachLaunch) {
        this.synchronizeEachLaunch = synchronizeEachLaunch;
        for (int i = 0; i < MAX_ARGUMENTS; i++) {
            argumentAddresses.put(i, argumentValues.getPointer(i * SLOT_BYTES));
        }
    }

    /**
     * NVRTC's options for a device of compute capability {@code major.minor}: CUBIN for exactly that architecture, and
     * no fused multiply-add contraction, so that {@code a * b + c} rounds as PyTorch's kernels round it.
     */
    static List<String> compileOptions(int major, int minor) {
        if (major < 1 || minor < 0 || minor > 9) {
            throw new IllegalArgumentException("invalid compute capability " + major + "." + minor);
        }
        return List.of("--gpu-architecture=sm_" + major + minor, "--fmad=false", "--std=c++17");
    }

    /** Compiles and loads every kernel source for the current device. */
    static KernelLibrary compile(int major, int minor, boolean synchronizeEachLaunch) {
        KernelLibrary library = new KernelLibrary(synchronizeEachLaunch);
        try {
            for (KernelSource source : KernelSource.values()) {
                library.signatures.put(source, KernelSignatures.parse(source.read()));
                library.modules.put(source, load(source, cubin(source, compileOptions(major, minor))));
            }
            return library;
        } catch (RuntimeException e) {
            library.close();
            throw e;
        }
    }

    private static byte[] cubin(KernelSource source, List<String> options) {
        try (PointerScope scope = new PointerScope()) {
            _nvrtcProgram program = new _nvrtcProgram();
            Status.nvrtc("nvrtcCreateProgram(" + source.file() + ")", nvrtc.nvrtcCreateProgram(program,
                    new BytePointer(source.read()), new BytePointer(source.file()), 0, (PointerPointer<?>) null,
                    (PointerPointer<?>) null), null);
            try {
                PointerPointer<BytePointer> opts = new PointerPointer<>(options.size());
                for (int i = 0; i < options.size(); i++) {
                    opts.put(i, new BytePointer(options.get(i)));
                }
                int rc = nvrtc.nvrtcCompileProgram(program, options.size(), opts);
                Status.nvrtc("nvrtcCompileProgram(" + source.file() + ", " + String.join(" ", options) + ")", rc,
                        rc == nvrtc.NVRTC_SUCCESS ? null : log(program));
                SizeTPointer size = new SizeTPointer(1);
                Status.nvrtc("nvrtcGetCUBINSize(" + source.file() + ")", nvrtc.nvrtcGetCUBINSize(program, size), null);
                BytePointer image = new BytePointer(size.get());
                Status.nvrtc("nvrtcGetCUBIN(" + source.file() + ")", nvrtc.nvrtcGetCUBIN(program, image), null);
                byte[] bytes = new byte[(int) size.get()];
                image.get(bytes);
                Status.nvrtc("nvrtcDestroyProgram(" + source.file() + ")", nvrtc.nvrtcDestroyProgram(program), null);
                return bytes;
            } catch (RuntimeException e) {
                // Already failing: release the program without letting a second error hide the first.
                nvrtc.nvrtcDestroyProgram(program);
                throw e;
            }
        }
    }

    private static String log(_nvrtcProgram program) {
        try (SizeTPointer size = new SizeTPointer(1)) {
            if (nvrtc.nvrtcGetProgramLogSize(program, size) != nvrtc.NVRTC_SUCCESS || size.get() <= 1) {
                return null;
            }
            try (BytePointer text = new BytePointer(size.get())) {
                return nvrtc.nvrtcGetProgramLog(program, text) == nvrtc.NVRTC_SUCCESS ? text.getString() : null;
            }
        }
    }

    private static CUmod_st load(KernelSource source, byte[] cubin) {
        CUmod_st module = new CUmod_st();
        try (BytePointer image = new BytePointer(cubin)) {
            Status.driver("cuModuleLoadData(" + source.file() + ")", cudart.cuModuleLoadData(module, image));
        }
        return module;
    }

    /** Launches {@code kernel} of {@code source}; {@code args} are device {@link Pointer}s, ints and floats. */
    void launch(KernelSource source, String kernel, LaunchGeometry geometry, Object... args) {
        signatures.get(source).check(kernel, args);
        CUfunc_st function = function(source, kernel);
        if (args.length > MAX_ARGUMENTS) {
            throw new IllegalArgumentException(kernel + " takes " + args.length + " arguments, more than "
                    + MAX_ARGUMENTS);
        }
        OpTimer.time(kernel, () -> {
            synchronized (argumentValues) {
                for (int i = 0; i < args.length; i++) {
                    putArgument(kernel, i, args[i]);
                }
                int status = cudart.cuLaunchKernel(function, geometry.blocks(), 1, 1, geometry.threads(), 1, 1, 0,
                        (CUstream_st) null, argumentAddresses, (PointerPointer<?>) null);
                if (status != cudart.CUDA_SUCCESS) {
                    Status.driver("cuLaunchKernel(" + kernel + ")", status);
                }
            }
        });
        if (synchronizeEachLaunch) {
            Status.cuda(kernel + " (cudaDeviceSynchronize after launch)", cudart.cudaDeviceSynchronize());
        }
    }

    /** Writes one kernel argument's value into its slot (a device address, an int or a float). */
    private void putArgument(String kernel, int index, Object arg) {
        long slot = index * SLOT_BYTES;
        if (arg instanceof Pointer device) {
            argumentValues.putLong(slot, device.address() + device.position() * device.sizeof());
        } else if (arg instanceof Integer value) {
            argumentValues.putInt(slot, value);
        } else if (arg instanceof Float value) {
            argumentValues.putFloat(slot, value);
        } else {
            throw new IllegalArgumentException(kernel + " argument " + index + " has unsupported type "
                    + (arg == null ? "null" : arg.getClass().getSimpleName()));
        }
    }

    private CUfunc_st function(KernelSource source, String kernel) {
        CUfunc_st f = functions.get(kernel);
        if (f == null) {
            CUmod_st module = modules.get(source);
            if (module == null) {
                throw new IllegalStateException("kernel module " + source.file() + " is not loaded");
            }
            f = new CUfunc_st();
            Status.driver("cuModuleGetFunction(" + kernel + ")", cudart.cuModuleGetFunction(f, module, kernel));
            functions.put(kernel, f);
        }
        return f;
    }

    @Override
    public void close() {
        List<String> failures = new ArrayList<>();
        for (CUmod_st module : modules.values()) {
            try {
                Status.driver("cuModuleUnload", cudart.cuModuleUnload(module));
            } catch (CudaException e) {
                failures.add(e.getMessage());
            }
        }
        modules.clear();
        functions.clear();
        argumentAddresses.close();
        argumentValues.close();
        if (!failures.isEmpty()) {
            throw new CudaException("unloading the kernels failed: " + failures);
        }
    }
}
