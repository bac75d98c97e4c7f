/**
 * Running the golden conformance cases on a backend: {@link dev.cgan.conformance.ConformanceSuite} (programmatic,
 * used by the CLI), {@link dev.cgan.conformance.BackendConformanceTest} (JUnit 5, one subclass per backend), the
 * verdicts ({@link dev.cgan.conformance.ConformanceReport}, {@link dev.cgan.conformance.CaseResult},
 * {@link dev.cgan.conformance.TensorComparison}) and a backend's list of
 * {@link dev.cgan.conformance.UnsupportedCases unsupported cases}.
 */
package dev.cgan.conformance;
