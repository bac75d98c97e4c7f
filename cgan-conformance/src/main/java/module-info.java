/**
 * The shared conformance suite: golden cases computed once by real PyTorch, which every backend must reproduce
 * within each case's stated tolerance.
 *
 * <p>Run it programmatically with {@link dev.cgan.conformance.ConformanceSuite} (the CLI's {@code conformance}
 * command does), or from a backend's tests by subclassing {@link dev.cgan.conformance.BackendConformanceTest}.
 * The fixtures are resources of this module and are read from inside it, so their package stays encapsulated.
 */
module dev.cgan.conformance {
    requires transitive dev.cgan.core;
    requires transitive org.junit.jupiter.api;

    exports dev.cgan.conformance;
}
