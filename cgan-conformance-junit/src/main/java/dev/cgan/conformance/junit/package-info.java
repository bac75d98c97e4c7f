/**
 * JUnit 5 base classes that every backend module's tests subclass with one factory method:
 * {@link dev.cgan.conformance.junit.BackendConformanceTest} runs PyTorch's golden cases through
 * {@link dev.cgan.conformance.ConformanceSuite}; {@link dev.cgan.conformance.junit.BackendContractTest} checks the API's
 * contracts (scopes, tapes, optimizers, a closed context, unsupported specs).
 */
package dev.cgan.conformance.junit;
