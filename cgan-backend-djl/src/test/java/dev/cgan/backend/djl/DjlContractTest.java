package dev.cgan.backend.djl;

import dev.cgan.api.Backend;
import dev.cgan.conformance.junit.BackendContractTest;

/**
 * The API's contracts (scopes, tapes, optimizers, a closed context, unsupported specs) on the DJL backend, on its
 * preferred device.
 */
class DjlContractTest extends BackendContractTest {

    @Override
    protected Backend backend() {
        return new DjlBackend();
    }
}
