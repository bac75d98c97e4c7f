package dev.cgan.conformance.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.cgan.api.Backend;
import dev.cgan.conformance.ConformanceSuite;
import dev.cgan.conformance.UnsupportedCases;
import dev.cgan.conformance.fakes.HostFakeBackend;
import java.util.function.Predicate;
import org.assertj.core.api.Condition;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * The JUnit face of the suite, run with JUnit's own {@link EngineTestKit}: what a backend module's one-method
 * subclass reports to Surefire.
 */
class BackendConformanceTestTest {

    private static final int CASES = ConformanceSuite.bundled().cases().size();

    /** A backend module's subclass, as written there, for a fake that lists every case it cannot run. */
    static class HostFakeConformance extends BackendConformanceTest {
        @Override
        protected Backend backend() {
            return new HostFakeBackend();
        }

        @Override
        protected UnsupportedCases unsupportedCases(Backend backend) {
            return HostFakeBackend.listingAllBut(ConformanceSuite.bundled(), "sgd_momentum_3steps");
        }
    }

    /** The fake with its own list, which names one case only: the others throw without being listed. */
    static class OwnListConformance extends BackendConformanceTest {
        @Override
        protected Backend backend() {
            return new HostFakeBackend();
        }
    }

    /** A backend whose availability says no, like the CUDA backend without a GPU. */
    static class UnavailableConformance extends BackendConformanceTest {
        @Override
        protected Backend backend() {
            return new HostFakeBackend(HostFakeBackend.Flaw.UNAVAILABLE);
        }
    }

    /** A backend whose list claims a case it actually passes. */
    static class StaleListConformance extends BackendConformanceTest {
        @Override
        protected Backend backend() {
            return new HostFakeBackend();
        }

        @Override
        protected UnsupportedCases unsupportedCases(Backend backend) {
            return UnsupportedCases.parse("sgd_momentum_3steps: old reason\nnot_a_case: typo\n", "stale");
        }
    }

    /** A backend with a wrong implementation. */
    static class BrokenConformance extends BackendConformanceTest {
        @Override
        protected Backend backend() {
            return new HostFakeBackend(HostFakeBackend.Flaw.NO_MOMENTUM);
        }
    }

    private static Condition<Event> displayNameStartingWith(String prefix) {
        return new Condition<>(e -> e.getTestDescriptor().getDisplayName().startsWith(prefix),
                "display name starting with %s", prefix);
    }

    private static EngineExecutionResults run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
    }

    @Test
    void oneDynamicTestPerCaseWithListedOnesSkipped() {
        Events tests = run(HostFakeConformance.class).testEvents();
        // One case passes; the others, all listed, abort; plus the check that the list names existing cases.
        tests.assertStatistics(stats -> stats.started(CASES + 1).succeeded(2).aborted(CASES - 1).failed(0));
    }

    @Test
    void anUnlistedUnsupportedOperationFailsTheCase() {
        Events tests = run(OwnListConformance.class).testEvents();
        // SGD and the list check pass, the listed conv2d_k3s1p1 aborts, every other case fails.
        tests.assertStatistics(stats -> stats.started(CASES + 1).succeeded(2).aborted(1).failed(CASES - 2));
        tests.assertThatEvents().haveExactly(1, event(test(), displayNameStartingWith("conv2d_k3s1p1"),
                abortedWithReason(message(m -> m.contains("the host fake has no convolution")))));
        tests.assertThatEvents().haveExactly(1, event(test(), displayNameStartingWith("conv2d_k4s2p1_even"),
                finishedWithFailure(message(m -> m.startsWith("conv2d_k4s2p1_even: UnsupportedOperationException: "
                        + "host-fake has no Conv2d") && m.contains("not listed in " + UnsupportedCases.RESOURCE)))));
    }

    @Test
    void displayNamesAreCaseNameAndDescription() {
        Predicate<String> hasDescription = name -> name.startsWith("sgd_momentum_3steps \u2014 SGD");
        run(HostFakeConformance.class).testEvents().succeeded()
                .filter(e -> hasDescription.test(e.getTestDescriptor().getDisplayName()))
                .findFirst().orElseThrow();
    }

    @Test
    void anUnavailableBackendSkipsTheWholeClass() {
        EngineExecutionResults events = run(UnavailableConformance.class);
        events.testEvents().assertStatistics(stats -> stats.started(0));
        events.containerEvents().assertStatistics(stats -> stats.aborted(1));
    }

    @Test
    void aStaleListFailsTellingWhatToRemove() {
        Events tests = run(StaleListConformance.class).testEvents();
        tests.assertThatEvents().haveExactly(1, event(test(), displayNameStartingWith("sgd_momentum_3steps"),
                finishedWithFailure(message(m -> m.contains("passes now: remove it from")))));
        tests.assertThatEvents().haveExactly(1,
                event(finishedWithFailure(message(m -> m.contains("[not_a_case]")))));
    }

    @Test
    void wrongNumbersFailWithTheMismatchInTheMessage() {
        run(BrokenConformance.class).testEvents().assertThatEvents().haveExactly(1,
                event(finishedWithFailure(message(m -> m.startsWith("sgd_momentum_3steps: ")
                        && m.contains("max abs err")))));
    }
}
