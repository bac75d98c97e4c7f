package dev.cgan.cli;

import dev.cgan.api.Backend;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.Device;
import dev.cgan.core.fakes.CpuOnlyBackend;
import java.lang.reflect.Proxy;

/**
 * A backend that opens but cannot compute anything: every case fails, which is how {@code conformance} is seen to
 * exit 5 without a real engine that is wrong.
 */
final class BrokenBackend {

    private BrokenBackend() {
    }

    static Backend named(String name) {
        return new CpuOnlyBackend(name, 1, "a backend whose every operation throws", BrokenBackend::context);
    }

    /** A context that knows what it is and closes; anything else throws, so the suite records a failure. */
    private static ComputeContext context(Backend backend, Device device) {
        return (ComputeContext) Proxy.newProxyInstance(ComputeContext.class.getClassLoader(),
                new Class<?>[] {ComputeContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "backend" -> backend;
                    case "device" -> device;
                    case "close" -> null;
                    case "toString" -> "broken context";
                    default -> throw new IllegalStateException("broken backend cannot " + method.getName());
                });
    }
}
