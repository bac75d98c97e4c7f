package dev.cgan.cli;

import dev.cgan.api.Availability;
import dev.cgan.api.Backend;
import dev.cgan.api.BackendOptions;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.Device;
import java.lang.reflect.Proxy;
import java.util.List;

/**
 * A backend that opens but cannot compute anything: every case fails, which is how {@code conformance} is seen to
 * exit 5 without a real engine that is wrong.
 */
record BrokenBackend(String name) implements Backend {

    @Override
    public int priority() {
        return 1;
    }

    @Override
    public String description() {
        return "a backend whose every operation throws";
    }

    @Override
    public Availability availability() {
        return Availability.available("always");
    }

    @Override
    public List<Device> devices() {
        return List.of(Device.cpu());
    }

    /** A context that knows what it is and closes; anything else throws, so the suite records a failure. */
    @Override
    public ComputeContext open(Device device, BackendOptions options) {
        return (ComputeContext) Proxy.newProxyInstance(ComputeContext.class.getClassLoader(),
                new Class<?>[] {ComputeContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "backend" -> this;
                    case "device" -> device;
                    case "close" -> null;
                    case "toString" -> "broken context";
                    default -> throw new IllegalStateException("broken backend cannot " + method.getName());
                });
    }
}
