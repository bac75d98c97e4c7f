/**
 * The shared conformance suite: golden cases computed once by real PyTorch, which every backend must reproduce
 * within each case's stated tolerance.
 *
 * <p>Run it programmatically with {@link dev.cgan.conformance.ConformanceSuite} (the CLI's {@code conformance}
 * command does). This module needs no test library, so the CLI's runtime carries none; backends' JUnit tests use the
 * adapter in {@code dev.cgan.conformance.junit} (module cgan-conformance-junit). The fixtures are resources of this
 * module and are read from inside it, so their package stays encapsulated.
 */
module dev.cgan.conformance {
    requires transitive dev.cgan.core;

    exports dev.cgan.conformance;
}
