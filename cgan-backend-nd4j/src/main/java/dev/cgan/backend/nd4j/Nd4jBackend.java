package dev.cgan.backend.nd4j;

import dev.cgan.api.Availability;
import dev.cgan.api.Backend;
import dev.cgan.api.BackendOptions;
import dev.cgan.api.BackendUnavailableException;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.Device;
import dev.cgan.api.DeviceKind;
import java.util.List;

/**
 * The ND4J backend: cgan's models on ND4J {@value #ND4J_VERSION} (libnd4j's declarable operations, oneDNN on the
 * CPU), with backpropagation as a tape of per-layer backward operations and one ND4J workspace per memory scope.
 *
 * <p>ND4J's jars carry module descriptors that do not resolve, so this backend runs from the class path (found through
 * {@code META-INF/services}); its jar names itself {@code dev.cgan.backend.nd4j} for tools that ask.
 *
 * <p>Construction and discovery load nothing native; libnd4j is loaded by the first {@link #open}.
 */
public final class Nd4jBackend implements Backend {

    static final String ND4J_VERSION = "1.0.0-M2.1";

    private final NativePlatform platform = NativePlatform.detect();

    /** Creates the backend; cheap (ServiceLoader calls it during discovery). */
    public Nd4jBackend() {
    }

    @Override
    public String name() {
        return "nd4j";
    }

    @Override
    public int priority() {
        return 50;
    }

    @Override
    public String description() {
        return "ND4J " + ND4J_VERSION + " (" + platform.build() + ")";
    }

    @Override
    public Availability availability() {
        try {
            String missing = platform.missing();
            return missing == null ? Availability.available(platform.note()) : Availability.unavailable(missing);
        } catch (RuntimeException | LinkageError e) {
            return Availability.unavailable("probing ND4J failed: " + e);
        }
    }

    @Override
    public List<Device> devices() {
        try {
            return platform.missing() == null ? platform.devices() : List.of();
        } catch (RuntimeException | LinkageError e) {
            return List.of();
        }
    }

    @Override
    public ComputeContext open(Device device, BackendOptions options) {
        Availability availability = availability();
        if (!availability.available()) {
            throw new BackendUnavailableException("nd4j backend unavailable: " + availability.reason());
        }
        boolean known = platform.devices().stream().anyMatch(d -> d.sameAs(device));
        if (!known) {
            throw new BackendUnavailableException("nd4j: " + device.id() + " is not available with this build ("
                    + platform.build() + "); its devices: "
                    + String.join(", ", platform.devices().stream().map(Device::id).toList()));
        }
        NativeRuntime.start(options);
        if (device.kind() == DeviceKind.GPU) {
            // ND4J computes on its current device for this thread.
            org.nd4j.linalg.factory.Nd4j.getAffinityManager().unsafeSetDevice(device.index());
        }
        Device opened = device.kind() == DeviceKind.CPU
                ? new Device(DeviceKind.CPU, 0, "CPU, " + NativeRuntime.threads() + " threads, ND4J " + ND4J_VERSION
                        + " (" + platform.build() + "; libnd4j reports binary " + NativePlatform.level(
                                NativeRuntime.binaryLevel()) + ", CPU " + NativePlatform.level(
                                NativeRuntime.optimalLevel()) + ")")
                : platform.devices().stream().filter(d -> d.sameAs(device)).findFirst().orElse(device);
        return new Nd4jContext(this, opened);
    }
}
