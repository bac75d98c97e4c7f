/**
 * The conformance kit for JUnit 5: every backend module's tests subclass
 * {@link dev.cgan.conformance.junit.BackendConformanceTest} (PyTorch's golden cases, run by
 * {@link dev.cgan.conformance.ConformanceSuite}) and {@link dev.cgan.conformance.junit.BackendContractTest} (the
 * API's contracts: scopes, tapes, optimizers, closed contexts, unsupported specs), each with one factory method.
 *
 * <p>Only tests depend on this module; the runner itself (dev.cgan.conformance) needs no test library.
 */
module dev.cgan.conformance.junit {
    requires transitive dev.cgan.conformance;
    requires transitive org.junit.jupiter.api;

    exports dev.cgan.conformance.junit;
}
