package dev.cgan.backend.jcuda;

import dev.cgan.api.Backend;
import dev.cgan.conformance.junit.BackendContractTest;

/**
 * The API's contracts (scopes, tapes, optimizers, a closed context, unsupported specs) on the CUDA backend, on its
 * first GPU. Without a GPU (or without the CUDA libraries) every test here is reported as skipped with the backend's
 * reason.
 */
class JcudaContractTest extends BackendContractTest {

    @Override
    protected Backend backend() {
        return new JcudaBackend();
    }
}
