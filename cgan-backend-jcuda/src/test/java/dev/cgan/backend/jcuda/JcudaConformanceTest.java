package dev.cgan.backend.jcuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.api.Backend;
import dev.cgan.api.Device;
import dev.cgan.api.DeviceKind;
import dev.cgan.conformance.junit.BackendConformanceTest;
import org.junit.jupiter.api.Test;

/**
 * The shared conformance suite (golden cases from real PyTorch) on the CUDA backend, on its first GPU. Without a GPU
 * (or without the CUDA libraries) every test here is reported as skipped with the backend's reason.
 */
class JcudaConformanceTest extends BackendConformanceTest {

    @Override
    protected Backend backend() {
        return new JcudaBackend();
    }

    /** The suite runs on a GPU, described with its compute capability (the architecture NVRTC compiled for). */
    @Test
    void runsOnAGpu() {
        Device first = backend().devices().get(0);
        assertEquals(DeviceKind.GPU, first.kind());
        assertTrue(first.description().contains("(sm_"), first::description);
    }
}
