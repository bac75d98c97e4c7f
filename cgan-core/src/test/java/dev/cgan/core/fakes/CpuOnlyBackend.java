package dev.cgan.core.fakes;

import dev.cgan.api.Availability;
import dev.cgan.api.Backend;
import dev.cgan.api.BackendOptions;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.Device;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A test backend that is always available, on the CPU only, and opens whatever context {@code opener} makes of it
 * and the device asked for.
 */
public record CpuOnlyBackend(String name, int priority, String description,
        BiFunction<Backend, Device, ComputeContext> opener) implements Backend {

    @Override
    public Availability availability() {
        return Availability.available("always");
    }

    @Override
    public List<Device> devices() {
        return List.of(Device.cpu());
    }

    @Override
    public ComputeContext open(Device device, BackendOptions options) {
        return opener.apply(this, device);
    }
}
