package dev.cgan.api;

import java.util.List;
import java.util.Optional;

/**
 * A compute engine that can run cgan's models: the service-provider interface every backend implements.
 *
 * <p>Backends are found with {@link java.util.ServiceLoader} (declare {@code provides dev.cgan.api.Backend with ...}
 * in the module descriptor <em>and</em> list the class in {@code META-INF/services/dev.cgan.api.Backend}, so the
 * backend works on the module path and on the class path alike). The provider class is the backend's only public
 * entry point.
 *
 * <p><b>Discovery must be cheap.</b> The public no-argument constructor, {@link #name()}, {@link #priority()} and
 * {@link #description()} must not load native libraries. {@link #availability()} and {@link #devices()} may probe
 * for libraries and devices but must never throw or crash the JVM; native engines are initialised only in
 * {@link #open(Device, BackendOptions)}.
 */
public interface Backend {

    /** The short, unique, lower-case name users select the backend by, e.g. {@code "djl"}. */
    String name();

    /**
     * Preference among available backends: when the user names none, the available backend with the highest
     * priority is used.
     */
    int priority();

    /** One line saying what the backend is built on, e.g. {@code "PyTorch 2.7.1 through DJL 0.36.0"}. */
    String description();

    /**
     * Whether this backend can be opened on this machine, and if not, the human reason (for example
     * {@code "no CUDA driver: libcuda.so.1 not found"}). Never throws.
     */
    Availability availability();

    /**
     * The devices this backend can run on here, the preferred one first. Empty when the backend is unavailable.
     * Never throws.
     */
    List<Device> devices();

    /**
     * Opens the backend on a device. The returned context owns every native resource it creates and frees them
     * all on {@link ComputeContext#close()}.
     *
     * @throws BackendUnavailableException if the backend or the device cannot be used, with the reason
     */
    ComputeContext open(Device device, BackendOptions options);

    /**
     * Collectives on this engine's device memory for data-parallel training between devices (NCCL on GPUs), if the
     * engine offers them; empty for engines whose ranks exchange host arrays. Loads nothing native.
     */
    default Optional<DeviceCollectives> deviceCollectives() {
        return Optional.empty();
    }
}
