package dev.cgan.backend.onednn;

import dev.cgan.api.Availability;
import dev.cgan.api.Backend;
import dev.cgan.api.BackendOptions;
import dev.cgan.api.BackendUnavailableException;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.Device;
import dev.cgan.api.DeviceKind;
import java.util.List;

/**
 * The raw oneDNN backend: cgan's models on oneDNN {@value #ONEDNN_LINE} primitives through JavaCPP's dnnl preset
 * ({@code org.bytedeco:dnnl}), on the CPU only, with backpropagation as a tape of backward primitives.
 *
 * <p>oneDNN here runs on OpenMP, which takes its thread count from {@code OMP_NUM_THREADS} when the library starts;
 * a Java program cannot change it afterwards, so {@link BackendOptions#threads()} must agree with that variable (or
 * be 0), and the opened device says how many threads oneDNN uses.
 *
 * <p>Construction and discovery load nothing native; libdnnl is loaded by {@link #availability()} or {@link #open}.
 */
public final class OnednnBackend implements Backend {

    static final String ONEDNN_LINE = "3.11";

    /** Creates the backend; cheap (ServiceLoader calls it during discovery). */
    public OnednnBackend() {
    }

    @Override
    public String name() {
        return "onednn";
    }

    @Override
    public int priority() {
        // Above djl (100) and nd4j (50): the fastest CPU engine in docs/BENCHMARKS.md's latest table (2026-12-04, three
        // rounds, both models); below jcuda (200), which wins wherever a GPU is usable.
        return 150;
    }

    @Override
    public String description() {
        return "oneDNN " + ONEDNN_LINE + " primitives through JavaCPP (CPU)";
    }

    @Override
    public Availability availability() {
        try {
            String problem = DnnlLibrary.problem();
            return problem == null
                    ? Availability.available("oneDNN " + DnnlLibrary.version() + ", " + DnnlLibrary.isa() + ", "
                            + ompThreads() + " OpenMP threads")
                    : Availability.unavailable(problem);
        } catch (RuntimeException | LinkageError e) {
            return Availability.unavailable("probing oneDNN failed: " + e);
        }
    }

    @Override
    public List<Device> devices() {
        return availability().available() ? List.of(Device.cpu()) : List.of();
    }

    @Override
    public ComputeContext open(Device device, BackendOptions options) {
        Availability availability = availability();
        if (!availability.available()) {
            throw new BackendUnavailableException("onednn backend unavailable: " + availability.reason());
        }
        if (device.kind() != DeviceKind.CPU) {
            throw new BackendUnavailableException("onednn: " + device.id() + " is not available; this backend runs "
                    + "on the CPU only (use --device cpu)");
        }
        int threads = ompThreads();
        if (options.threads() > 0 && options.threads() != threads) {
            throw new BackendUnavailableException("onednn: " + options.threads() + " threads asked for, but oneDNN's "
                    + "OpenMP runs " + threads + ": set OMP_NUM_THREADS=" + options.threads()
                    + " in the environment (bin/cgan-cli does it for --threads)");
        }
        return new OnednnContext(this, new Device(DeviceKind.CPU, 0, "CPU, " + threads + " threads, oneDNN "
                + DnnlLibrary.version() + " (" + DnnlLibrary.isa() + ")"));
    }

    /** The threads OpenMP starts: {@code OMP_NUM_THREADS} (its first number), or one per processor. */
    static int ompThreads() {
        String value = System.getenv("OMP_NUM_THREADS");
        if (value != null) {
            try {
                int n = Integer.parseInt(value.split(",")[0].trim());
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // OpenMP ignores a malformed value too.
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }
}
