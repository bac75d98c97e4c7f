package dev.cgan.conformance.junit;

import dev.cgan.api.Availability;
import dev.cgan.api.Backend;
import dev.cgan.api.BackendOptions;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.Device;
import dev.cgan.api.RequiredBackends;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * The lifecycle both test kits share: the backend is opened once for the class (when available here) and closed after
 * its last test; when it is unavailable (a CUDA backend without a GPU) every test is skipped with the backend's reason,
 * unless {@link RequiredBackends} requires it (CI does for the engines it ships): then the class fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BackendUnderTest {

    private Backend backend;
    private Availability availability;
    private ComputeContext context;

    /** The backend under test (a new instance; it is opened by this class). */
    protected abstract Backend backend();

    /** The device to test on: by default the backend's preferred one. */
    protected Device device(Backend backend) {
        return backend.devices().get(0);
    }

    /** The options the backend is opened with: by default {@link BackendOptions#defaults()}. */
    protected BackendOptions options() {
        return BackendOptions.defaults();
    }

    /** Opens the backend when it is available here. */
    @BeforeAll
    public final void openBackend() {
        backend = backend();
        availability = backend.availability();
        RequiredBackends.check(backend.name(), availability);
        if (availability.available()) {
            context = openContext();
        }
    }

    /**
     * Skips every test when the backend is unavailable here, with its reason: an assumption before each test rather
     * than before the class, so that test reports count them as skipped.
     */
    @BeforeEach
    public final void requireAvailableBackend() {
        Assumptions.assumeTrue(availability.available(),
                () -> "backend " + backend.name() + " is unavailable here: " + availability.reason());
    }

    /** Closes the backend. */
    @AfterAll
    public final void closeBackend() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    /** The backend instance under test. */
    protected final Backend testedBackend() {
        return backend;
    }

    /** The context opened for the class. */
    protected final ComputeContext context() {
        return context;
    }

    /** Another context of the backend, opened as the class's was; the caller closes it. */
    protected final ComputeContext openContext() {
        return backend.open(device(backend), options());
    }
}
