package dev.cgan.backend.onednn;

import dev.cgan.api.Backend;
import dev.cgan.conformance.junit.BackendConformanceTest;

/** The shared conformance suite (golden cases from real PyTorch) on the oneDNN backend. */
class OnednnConformanceTest extends BackendConformanceTest {

    @Override
    protected Backend backend() {
        return new OnednnBackend();
    }
}
