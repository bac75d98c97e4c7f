package dev.cgan.backend.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.cgan.api.Availability;
import dev.cgan.api.Backend;
import dev.cgan.api.BackendOptions;
import dev.cgan.api.BackendUnavailableException;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.Device;
import dev.cgan.api.DeviceKind;
import dev.cgan.backend.djl.kernel.Convolution;
import dev.cgan.backend.djl.kernel.ConvolutionSelfCheck;
import dev.cgan.backend.djl.kernel.ShapeCheckedConvolution;
import dev.cgan.backend.djl.kernel.TorchFunctions;
import java.util.ArrayList;
import java.util.List;

/**
 * The DJL backend: cgan's models on PyTorch (libtorch) through the Deep Java Library.
 *
 * <p>Runs offline on the libtorch bundled for the CPU ({@code ai.djl.pytorch:pytorch-native-cpu}). For NVIDIA GPUs,
 * point DJL at a CUDA build of libtorch {@value #PYTORCH_VERSION} before starting the JVM:
 * {@code PYTORCH_LIBRARY_PATH=/path/to/libtorch/lib} and {@code PYTORCH_FLAVOR=cu128} (the matching JNI glue ships in
 * {@code pytorch-jni}); GPUs are then listed by {@link #devices()}.
 *
 * <p>Construction and discovery load nothing native; libtorch is loaded by the first {@link #open}.
 *
 * <h2>Diagnostics</h2>
 * A djl context's {@link ComputeContext#diagnostics()} has one entry, {@value #CONVOLUTION}: the convolution every
 * layer of the context runs, as chosen when it opened. {@code libtorch}: libtorch's own (always on GPUs; on the CPU
 * when it passes the self-check); {@code shape-checked}: on a CPU where libtorch's convolution fails the self-check,
 * libtorch's on the shapes where it matches the exact im2col convolution and im2col on the others.
 */
public final class DjlBackend implements Backend {

    /** The key of {@link ComputeContext#diagnostics()} naming the convolution a context runs (see above). */
    public static final String CONVOLUTION = "convolution";

    static final String DJL_VERSION = "0.36.0";
    static final String PYTORCH_VERSION = "2.7.1";
    private static final System.Logger LOG = System.getLogger(DjlBackend.class.getName());

    private final NativeLibraryProbe probe = new NativeLibraryProbe(Environment.system());

    /** Creates the backend; cheap (ServiceLoader calls it during discovery). */
    public DjlBackend() {
    }

    @Override
    public String name() {
        return "djl";
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public String description() {
        String[] v = probe.versions();
        return "PyTorch " + v[1] + " through DJL " + v[0];
    }

    @Override
    public Availability availability() {
        try {
            NativeLibraryProbe.Libtorch lib = probe.libtorch();
            return Availability.available(lib.description() + "; " + gpuState(lib.cuda(), probe.nvidiaGpus().size()));
        } catch (NativeLibraryProbe.NativeLibraryMissing e) {
            return Availability.unavailable(e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            return Availability.unavailable("probing DJL failed: " + e);
        }
    }

    /** What the user gets on GPUs with this libtorch, and how to get more (see docs/GPU.md). */
    static String gpuState(boolean cudaLibtorch, int nvidiaGpus) {
        if (cudaLibtorch) {
            return nvidiaGpus > 0 ? nvidiaGpus + " NVIDIA GPU" + (nvidiaGpus == 1 ? "" : "s") + " usable"
                    : "CPU only: this libtorch has CUDA but the NVIDIA driver shows no GPU";
        }
        if (nvidiaGpus > 0) {
            return "CPU only: " + nvidiaGpus + " NVIDIA GPU" + (nvidiaGpus == 1 ? " is" : "s are") + " present but "
                    + "this libtorch has no CUDA; for the GPU set PYTORCH_LIBRARY_PATH to a CUDA 12.8 libtorch "
                    + PYTORCH_VERSION + " (its lib folder) and PYTORCH_FLAVOR=cu128";
        }
        return "CPU only (CPU libtorch, no NVIDIA GPU)";
    }

    @Override
    public List<Device> devices() {
        try {
            NativeLibraryProbe.Libtorch lib = probe.libtorch();
            List<Device> devices = new ArrayList<>();
            devices.add(Device.cpu());
            if (lib.cuda()) {
                List<String> gpus = probe.nvidiaGpus();
                for (int i = 0; i < gpus.size(); i++) {
                    devices.add(Device.gpu(i, gpus.get(i)));
                }
            }
            if (devices.size() > 1) {
                // GPUs are preferred when the libtorch can use them.
                devices.add(devices.remove(0));
            }
            return List.copyOf(devices);
        } catch (NativeLibraryProbe.NativeLibraryMissing | RuntimeException | LinkageError e) {
            return List.of();
        }
    }

    @Override
    public ComputeContext open(Device device, BackendOptions options) {
        Availability availability = availability();
        if (!availability.available()) {
            throw new BackendUnavailableException("djl backend unavailable: " + availability.reason());
        }
        Engine engine = NativeRuntime.start(options);
        ai.djl.Device target = engineDevice(engine, device);
        NDManager manager = engine.newBaseManager(target);
        Convolution convolution;
        try {
            convolution = device.kind() == DeviceKind.CPU
                    ? checkedCpuConvolution(manager, options)
                    : Convolution.LIBTORCH;
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        Device opened = device.kind() == DeviceKind.CPU
                ? new Device(DeviceKind.CPU, 0, "CPU, " + TorchFunctions.threads() + " threads, PyTorch "
                        + engine.getVersion() + (convolution instanceof ShapeCheckedConvolution
                                ? ", " + ShapeCheckedConvolution.DESCRIPTION : ""))
                : device;
        return new DjlContext(this, opened, engine, manager, convolution);
    }

    /**
     * libtorch's convolution if it passes the self-check here; else, if the im2col convolution does, libtorch's
     * convolution on the shapes where it matches im2col and im2col on the others ({@link ShapeCheckedConvolution}).
     * oneDNN's vectorised kernels were measured to return wrong outputs and gradients on some virtual machines;
     * training there would silently follow wrong gradients, so the backend never uses a convolution on a shape where
     * it failed a check.
     */
    private static Convolution checkedCpuConvolution(NDManager manager, BackendOptions options) {
        String libtorchFailure = ConvolutionSelfCheck.run(manager, Convolution.LIBTORCH);
        if (libtorchFailure == null) {
            return Convolution.LIBTORCH;
        }
        String im2colFailure = ConvolutionSelfCheck.run(manager, Convolution.IM2COL);
        if (im2colFailure != null) {
            throw new BackendUnavailableException("djl: convolutions on this CPU fail their self-check, both "
                    + "libtorch's (" + libtorchFailure + ") and im2col (" + im2colFailure + ")");
        }
        LOG.log(options.verbose() ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
                "djl: libtorch's CPU convolution fails its self-check here (" + libtorchFailure + "); using it only "
                        + "on shapes where it matches the exact im2col convolution, im2col on the others");
        return new ShapeCheckedConvolution();
    }

    private static ai.djl.Device engineDevice(Engine engine, Device device) {
        if (device.kind() == DeviceKind.CPU) {
            return ai.djl.Device.cpu();
        }
        if (!TorchFunctions.hasCuda()) {
            throw new BackendUnavailableException("djl: " + device.id() + " requested but the loaded libtorch has no "
                    + "CUDA; start the JVM with PYTORCH_LIBRARY_PATH pointing at a CUDA libtorch " + PYTORCH_VERSION
                    + " (lib folder) and PYTORCH_FLAVOR=cu128");
        }
        int count = engine.getGpuCount();
        if (device.index() >= count) {
            throw new BackendUnavailableException("djl: " + device.id() + " requested but CUDA reports " + count
                    + " GPU(s)");
        }
        ai.djl.Device gpu = ai.djl.Device.gpu(device.index());
        // Touch the device once so that a broken driver fails here, with a reason, not in the first layer.
        try (NDManager probeManager = engine.newBaseManager(gpu);
                NDArray one = probeManager.ones(new ai.djl.ndarray.types.Shape(1))) {
            one.toFloatArray();
        } catch (RuntimeException e) {
            throw new BackendUnavailableException("djl: cannot use " + device.id() + ": " + e.getMessage(), e);
        }
        return gpu;
    }
}
