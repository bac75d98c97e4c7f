package dev.cgan.backend.nd4j;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cgan.api.Availability;
import dev.cgan.api.Backend;
import dev.cgan.api.BackendOptions;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.Device;
import dev.cgan.api.RequiredBackends;

/** Opening backends for the tests: on the CPU with two threads, skipped with the reason where one cannot run. */
final class Fixtures {

    private Fixtures() {
    }

    /** The ND4J backend on the CPU with two threads. */
    static ComputeContext cpu() {
        return open(new Nd4jBackend());
    }

    /** {@code backend} on the CPU with two threads; the test is skipped when the backend is unavailable here. */
    static ComputeContext open(Backend backend) {
        requireAvailable(backend);
        return backend.open(Device.cpu(), new BackendOptions(2, false, false));
    }

    static void requireAvailable(Backend backend) {
        Availability availability = backend.availability();
        RequiredBackends.check(backend.name(), availability);
        assumeTrue(availability.available(),
                () -> "backend " + backend.name() + " is unavailable here: " + availability.reason());
    }
}
