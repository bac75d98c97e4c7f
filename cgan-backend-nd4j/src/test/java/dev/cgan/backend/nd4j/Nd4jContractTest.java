package dev.cgan.backend.nd4j;

import dev.cgan.api.Backend;
import dev.cgan.conformance.junit.BackendContractTest;

/**
 * The API's contracts (scopes, tapes, optimizers, a closed context, unsupported specs) on the ND4J backend, on its
 * preferred device.
 */
class Nd4jContractTest extends BackendContractTest {

    @Override
    protected Backend backend() {
        return new Nd4jBackend();
    }
}
