package dev.cgan.backend.onednn;

import dev.cgan.api.Backend;
import dev.cgan.conformance.junit.BackendContractTest;

/** The API's contracts (scopes, tapes, optimizers, a closed context, unsupported specs) on the oneDNN backend. */
class OnednnContractTest extends BackendContractTest {

    @Override
    protected Backend backend() {
        return new OnednnBackend();
    }
}
