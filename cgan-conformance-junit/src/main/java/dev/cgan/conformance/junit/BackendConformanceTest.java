package dev.cgan.conformance.junit;

import dev.cgan.api.Backend;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.RequiredBackends;
import dev.cgan.conformance.CaseResult;
import dev.cgan.conformance.ConformanceCase;
import dev.cgan.conformance.ConformanceSuite;
import dev.cgan.conformance.TensorComparison;
import dev.cgan.conformance.UnsupportedCases;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The conformance suite as JUnit 5 tests: every backend module subclasses this with one method, like SLF4J's
 * {@code LoggerTestSuite}.
 *
 * <pre>{@code
 * class DjlConformanceTest extends BackendConformanceTest {
 *     @Override
 *     protected Backend backend() {
 *         return new DjlBackend();
 *     }
 * }
 * }</pre>
 *
 * One dynamic test per case, named after the case and its description, with the verdict of
 * {@link ConformanceSuite#run(ComputeContext, ConformanceCase, UnsupportedCases)}. A case passes when every expected
 * tensor is within tolerance; it is skipped (aborted) only when the backend lists it in
 * {@value UnsupportedCases#RESOURCE}; an unlisted case that throws {@link UnsupportedOperationException} fails like
 * any other error; a listed case that passes fails, telling to remove it from the list. When
 * the backend is unavailable on this machine (a CUDA backend without a GPU) the whole class is skipped with the
 * backend's reason, unless {@link RequiredBackends} requires it (CI does for the engines it ships): then it fails.
 * The backend is opened once for the class and closed after its last case.
 */
public abstract class BackendConformanceTest extends BackendUnderTest {

    /** The cases to run: by default all bundled ones. */
    protected ConformanceSuite suite() {
        return ConformanceSuite.bundled();
    }

    /** The cases the backend does not support: by default its own {@value UnsupportedCases#RESOURCE}. */
    protected UnsupportedCases unsupportedCases(Backend backend) {
        return UnsupportedCases.of(backend);
    }

    /** One test per case, then one checking that the unsupported list names only existing cases. */
    @TestFactory
    public final List<DynamicTest> conformanceCases() {
        ConformanceSuite suite = suite();
        UnsupportedCases unsupported = unsupportedCases(testedBackend());
        ComputeContext context = context();
        List<DynamicTest> tests = new ArrayList<>();
        for (ConformanceCase c : suite.cases()) {
            tests.add(DynamicTest.dynamicTest(c.displayName(), () -> check(suite.run(context, c, unsupported))));
        }
        if (!unsupported.entries().isEmpty()) {
            tests.add(DynamicTest.dynamicTest("unsupported list names only existing cases", () -> {
                Set<String> unknown = unsupported.unknownNames(suite.cases().stream().map(ConformanceCase::name)
                        .collect(Collectors.toSet()));
                Assertions.assertTrue(unknown.isEmpty(), () -> UnsupportedCases.RESOURCE + " of " + testedBackend().name()
                        + " lists cases that do not exist: " + unknown);
            }));
        }
        return tests;
    }

    private static void check(CaseResult result) {
        String name = result.testCase().name();
        switch (result.outcome()) {
            case PASS -> { }
            case UNSUPPORTED -> Assumptions.abort(name + " is unsupported: " + result.detail());
            case LISTED_BUT_PASSED -> Assertions.fail(name + " passes now: remove it from "
                    + UnsupportedCases.RESOURCE);
            case FAIL -> {
                StringBuilder message = new StringBuilder(name).append(": ").append(result.detail());
                for (TensorComparison c : result.failures()) {
                    message.append(System.lineSeparator()).append("  ").append(c.summary());
                }
                Assertions.fail(message.toString());
            }
        }
    }
}
