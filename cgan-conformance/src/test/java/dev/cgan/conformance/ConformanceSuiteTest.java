package dev.cgan.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.api.BackendOptions;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.Device;
import dev.cgan.conformance.fakes.HostFakeBackend;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The suite's verdicts, on the bundled fixtures, with a host fake that can run exactly one case (SGD). */
class ConformanceSuiteTest {

    private static final String SGD = "sgd_momentum_3steps";
    private final ConformanceSuite suite = ConformanceSuite.bundled();

    private CaseResult runOne(HostFakeBackend.Flaw flaw, String caseName, UnsupportedCases list) {
        ConformanceSuite one = suite.matching(caseName);
        try (ComputeContext context = new HostFakeBackend(flaw).open(Device.cpu(), BackendOptions.defaults())) {
            return one.run(context, one.cases().get(0), list);
        }
    }

    @Test
    void aCorrectImplementationPasses() {
        CaseResult result = runOne(HostFakeBackend.Flaw.NONE, SGD, UnsupportedCases.none());

        assertEquals(Outcome.PASS, result.outcome(), result.detail());
        assertEquals(List.of("param", "state.momentum_buffer"),
                result.comparisons().stream().map(TensorComparison::name).toList());
        assertTrue(result.comparisons().stream().allMatch(c -> c.compared() == 30), "6x5 parameter, all compared");
        assertTrue(result.detail().startsWith("closest: "), result.detail());
    }

    @Test
    void wrongNumbersFailWithTheWorstMismatch() {
        CaseResult result = runOne(HostFakeBackend.Flaw.NO_MOMENTUM, SGD, UnsupportedCases.none());

        assertEquals(Outcome.FAIL, result.outcome());
        TensorComparison worst = result.worst().orElseThrow();
        assertFalse(worst.passed());
        assertTrue(worst.maxAbsError() > 0 && worst.worstUse() > 1, worst.summary());
        assertTrue(worst.worstIndex().matches("\\[\\d, \\d]"), worst.worstIndex());
        assertTrue(result.detail().contains("outside tolerance; worst "), result.detail());
    }

    @Test
    void aCrashFailsWithTheExceptionInOneLine() {
        CaseResult result = runOne(HostFakeBackend.Flaw.CRASH, SGD, UnsupportedCases.none());

        assertEquals(Outcome.FAIL, result.outcome());
        assertTrue(result.detail().startsWith("IllegalStateException: boom (at "), result.detail());
        assertTrue(result.comparisons().isEmpty());
    }

    @Test
    void anUnlistedUnsupportedOperationIsAFailure() {
        CaseResult result = runOne(HostFakeBackend.Flaw.NONE, "conv2d_k4s2p1_even", UnsupportedCases.none());

        assertEquals(Outcome.FAIL, result.outcome(), result.detail());
        assertTrue(result.outcome().isFailure());
        assertTrue(result.detail().startsWith("UnsupportedOperationException: host-fake has no Conv2d"),
                result.detail());
        assertTrue(result.detail().contains("not listed in " + UnsupportedCases.RESOURCE), result.detail());
    }

    @Test
    void aListedUnsupportedOperationIsUnsupported() {
        UnsupportedCases list = UnsupportedCases.parse("conv2d_k4s2p1_even: no convolutions\n", "test");
        CaseResult result = runOne(HostFakeBackend.Flaw.NONE, "conv2d_k4s2p1_even", list);

        assertEquals(Outcome.UNSUPPORTED, result.outcome(), result.detail());
        assertEquals("listed: no convolutions", result.detail());
    }

    @Test
    void aListedCaseThatFailsIsUnsupportedWithTheListedReason() {
        UnsupportedCases list = UnsupportedCases.parse(SGD + ": momentum is not implemented\n", "test");
        CaseResult result = runOne(HostFakeBackend.Flaw.NO_MOMENTUM, SGD, list);

        assertEquals(Outcome.UNSUPPORTED, result.outcome());
        assertEquals("listed: momentum is not implemented", result.detail());
    }

    @Test
    void aListedCaseThatPassesIsReported() {
        UnsupportedCases list = UnsupportedCases.parse(SGD + ": momentum is not implemented\n", "test");
        CaseResult result = runOne(HostFakeBackend.Flaw.NONE, SGD, list);

        assertEquals(Outcome.LISTED_BUT_PASSED, result.outcome());
        assertTrue(result.outcome().isFailure());
        assertTrue(result.detail().contains("remove it from " + UnsupportedCases.RESOURCE), result.detail());
    }

    @Test
    void aWholeRunReportsEveryCaseInOrderAndPrintsATable() {
        List<CaseResult> progress = new ArrayList<>();
        ConformanceReport report;
        try (ComputeContext context = new HostFakeBackend().open(Device.cpu(), BackendOptions.defaults())) {
            report = suite.run(context, HostFakeBackend.listingAllBut(suite, SGD), progress::add);
        }

        int cases = suite.cases().size();
        assertEquals(cases, report.results().size());
        assertEquals(report.results(), progress);
        assertEquals(1, report.count(Outcome.PASS));
        assertEquals(cases - 1, report.count(Outcome.UNSUPPORTED));
        assertTrue(report.conforms());
        String table = report.toTable();
        assertTrue(table.lines().anyMatch(l -> l.startsWith(SGD) && l.contains("PASS")), table);
        assertTrue(table.contains("host-fake on cpu: 1 passed, 0 failed, " + (cases - 1) + " unsupported"), table);
    }

    @Test
    void aRunWithTheBackendsOwnListFailsEveryUnlistedUnsupportedCase() {
        // The fake's own list (src/test/resources) names conv2d_k3s1p1 only; every other case but SGD throws
        // UnsupportedOperationException without being listed.
        ConformanceReport report = suite.run(new HostFakeBackend(), Device.cpu());

        int cases = suite.cases().size();
        assertEquals(1, report.count(Outcome.PASS));
        assertEquals(1, report.count(Outcome.UNSUPPORTED));
        assertEquals(cases - 2, report.count(Outcome.FAIL));
        assertFalse(report.conforms());
        assertEquals(Outcome.UNSUPPORTED, outcomeOf(report, "conv2d_k3s1p1"));
        assertEquals(Outcome.FAIL, outcomeOf(report, "conv2d_k4s2p1_even"));
        assertTrue(report.toTable().contains("host-fake on cpu: 1 passed, " + (cases - 2) + " failed, 1 unsupported"),
                report.toTable());
    }

    private static Outcome outcomeOf(ConformanceReport report, String caseName) {
        return report.results().stream().filter(r -> r.testCase().name().equals(caseName)).findFirst()
                .orElseThrow().outcome();
    }

    @Test
    void casesAreSelectedByGlobOrKind() {
        assertEquals(List.of("adam_1step", "adam_11steps"),
                suite.matching("adam*").cases().stream().map(ConformanceCase::name).toList());
        assertTrue(suite.matching("*_bias").cases().stream().allMatch(c -> c.name().endsWith("_bias")));
        assertTrue(suite.matching("model").cases().stream().allMatch(c -> c.kind().equals("model")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> suite.matching("nope*"));
        assertTrue(e.getMessage().contains(SGD), "lists the cases: " + e.getMessage());
    }
}
