package dev.cgan.backend.djl;

import dev.cgan.api.Backend;
import dev.cgan.conformance.junit.BackendConformanceTest;

/** The shared conformance suite (golden cases from real PyTorch) on the DJL backend, on its preferred device. */
class DjlConformanceTest extends BackendConformanceTest {

    @Override
    protected Backend backend() {
        return new DjlBackend();
    }
}
