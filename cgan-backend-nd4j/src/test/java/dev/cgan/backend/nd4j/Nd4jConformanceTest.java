package dev.cgan.backend.nd4j;

import dev.cgan.api.Backend;
import dev.cgan.conformance.junit.BackendConformanceTest;

/** The shared conformance suite (golden cases from real PyTorch) on the ND4J backend, on its preferred device. */
class Nd4jConformanceTest extends BackendConformanceTest {

    @Override
    protected Backend backend() {
        return new Nd4jBackend();
    }
}
