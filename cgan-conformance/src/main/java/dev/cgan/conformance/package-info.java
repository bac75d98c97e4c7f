/**
 * Running the golden conformance cases on a backend: {@link dev.cgan.conformance.ConformanceSuite} (programmatic,
 * used by the CLI and by the JUnit adapter in {@code dev.cgan.conformance.junit}), the
 * verdicts ({@link dev.cgan.conformance.ConformanceReport}, {@link dev.cgan.conformance.CaseResult},
 * {@link dev.cgan.conformance.TensorComparison}) and a backend's list of
 * {@link dev.cgan.conformance.UnsupportedCases unsupported cases}.
 */
package dev.cgan.conformance;
