package dev.cgan.backend.jcuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.api.Availability;
import dev.cgan.api.BackendOptions;
import dev.cgan.api.BackendRegistry;
import dev.cgan.api.BackendUnavailableException;
import dev.cgan.api.Device;
import org.junit.jupiter.api.Test;

/** The backend as discovery and the CLI see it, on whatever machine runs the build. */
class JcudaBackendTest {

    @Test
    void isFoundByServiceLoaderUnderItsName() {
        BackendRegistry registry = BackendRegistry.load();
        assertEquals("jcuda", registry.byName("jcuda").name());
    }

    @Test
    void availabilityNeverThrowsAndGivesAReason() {
        JcudaBackend backend = new JcudaBackend();
        Availability a = backend.availability();
        assertFalse(a.reason().isBlank(), "a reason or a note is always given");
        assertFalse(a.reason().contains("\n"), () -> "the reason is one line: " + a.reason());
        // Asked again: the same answer, without a second native attempt (a failed class initialisation would now
        // surface as NoClassDefFoundError with a worse message).
        assertEquals(a, backend.availability());
        if (!a.available()) {
            assertTrue(backend.devices().isEmpty(), "an unavailable backend lists no devices");
            BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                    () -> backend.open(Device.gpu(0, "GPU 0"), BackendOptions.defaults()));
            assertTrue(e.getMessage().contains(a.reason()), e::getMessage);
        }
    }

    @Test
    void refusesTheCpuWithAReason() {
        JcudaBackend backend = new JcudaBackend(new FakeCuda(), new LibrarySearch(java.util.List.of()));
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> backend.open(Device.cpu(), BackendOptions.defaults()));
        assertTrue(e.getMessage().contains("GPUs only"), e::getMessage);
    }

    @Test
    void refusesAGpuTheDriverDoesNotReport() {
        FakeCuda cuda = new FakeCuda();
        cuda.devices = 1;
        JcudaBackend backend = new JcudaBackend(cuda, new LibrarySearch(java.util.List.of()));
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> backend.open(Device.gpu(3, "GPU 3"), BackendOptions.defaults()));
        assertTrue(e.getMessage().contains("gpu:3") && e.getMessage().contains("1 GPU"), e::getMessage);
    }

    @Test
    void discoveryIsCheap() {
        JcudaBackend backend = new JcudaBackend(new FakeCuda() {
            @Override
            public void loadRuntime() {
                throw new AssertionError("name, priority and description must not load natives");
            }
        }, new LibrarySearch(java.util.List.of()));
        assertEquals("jcuda", backend.name());
        assertTrue(backend.priority() > 100, "above djl (100): where a GPU is, it is the one to use by default");
        assertTrue(backend.description().contains("CUDA"));
    }
}
