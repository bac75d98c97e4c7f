package dev.cgan.backend.jcuda;

import dev.cgan.api.Availability;
import dev.cgan.api.Backend;
import dev.cgan.api.BackendOptions;
import dev.cgan.api.BackendUnavailableException;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.Device;
import dev.cgan.api.DeviceCollectives;
import dev.cgan.api.DeviceKind;
import java.util.List;
import java.util.Optional;

/**
 * The CUDA backend: cgan's models on NVIDIA GPUs with no framework in between. Convolutions, transposed convolutions
 * and batch normalisation run in cuDNN 9, linear layers in cuBLAS, and everything else (activations, losses, Adam and
 * SGD, label broadcasting, concatenation, reductions) in CUDA kernels whose sources ship as resources and are compiled
 * by NVRTC for the device's own architecture when the backend opens.
 *
 * <p>Float32 math is exact by default: cuBLAS in its default (no TF32) math mode and cuDNN restricted to FMA kernels;
 * {@link BackendOptions#allowTf32()} lets both use TF32 tensor cores instead.
 *
 * <p>Built on JavaCPP's CUDA 13.1 / cuDNN 9.19 bindings, which link against the machine's own CUDA 13 and cuDNN 9
 * libraries. Construction and discovery load nothing native; the libraries are loaded by the first
 * {@link #availability()}, {@link #devices()} or {@link #open}, and a failure is reported with its reason, never as a
 * crash.
 */
public final class JcudaBackend implements Backend {

    private final NativeCuda cuda;
    private final LibrarySearch search;
    private final NcclCollectives nccl = new NcclCollectives();
    private CudaProbe.Result probed;

    /** Creates the backend; cheap (ServiceLoader calls it during discovery). */
    public JcudaBackend() {
        this(new JavaCppCuda(), null);
    }

    JcudaBackend(NativeCuda cuda, LibrarySearch search) {
        this.cuda = cuda;
        this.search = search;
    }

    @Override
    public String name() {
        return "jcuda";
    }

    /**
     * Above the CPU engines: it is available only where a CUDA GPU is, it passes the conformance suite there
     * (docs/GPU.md, "Recorded GPU run"), and it trains the seed's model hundreds of times faster than a CPU.
     */
    @Override
    public int priority() {
        return 200;
    }

    @Override
    public String description() {
        return "CUDA 13 / cuDNN 9 / cuBLAS / NVRTC through JavaCPP 1.5.13 (GPU only)";
    }

    @Override
    public Availability availability() {
        return probe().availability();
    }

    @Override
    public List<Device> devices() {
        return probe().devices();
    }

    @Override
    public ComputeContext open(Device device, BackendOptions options) {
        CudaProbe.Result result = probe();
        if (!result.availability().available()) {
            throw new BackendUnavailableException("jcuda backend unavailable: " + result.availability().reason());
        }
        if (device.kind() != DeviceKind.GPU) {
            throw new BackendUnavailableException("the jcuda backend computes on GPUs only; use --device gpu (or "
                    + "another backend for " + device.id() + ")");
        }
        Device found = result.devices().stream().filter(d -> d.sameAs(device)).findFirst()
                .orElseThrow(() -> new BackendUnavailableException("jcuda: " + device.id() + " requested but CUDA "
                        + "reports " + result.devices().size() + " GPU(s)"));
        try {
            return CudaContext.open(this, found, options);
        } catch (CudaException e) {
            throw new BackendUnavailableException("jcuda: cannot open " + found.id() + ": " + e.getMessage(), e);
        }
    }

    /** NCCL between GPUs: gradients all-reduced in device memory (docs/DISTRIBUTED.md). */
    @Override
    public Optional<DeviceCollectives> deviceCollectives() {
        return Optional.of(nccl);
    }

    private synchronized CudaProbe.Result probe() {
        if (probed == null) {
            probed = new CudaProbe(cuda, search != null ? search : LibrarySearch.system()).run();
        }
        return probed;
    }
}
