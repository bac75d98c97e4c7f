package dev.cgan.conformance.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.cgan.api.Backend;
import dev.cgan.conformance.fakes.HostFakeBackend;
import org.assertj.core.api.Condition;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * The contract tests, run with JUnit's {@link EngineTestKit} on the runner's host fake, which keeps some contracts and
 * breaks others (its scopes free nothing, its tapes never refuse, closing it does nothing, its refusals of losses do
 * not name the loss): each broken contract must fail, each kept one pass.
 */
class BackendContractTestTest {

    /** A backend module's subclass, as written there. */
    static class HostFakeContract extends BackendContractTest {
        @Override
        protected Backend backend() {
            return new HostFakeBackend();
        }
    }

    /** A backend whose availability says no, like the CUDA backend without a GPU. */
    static class UnavailableContract extends BackendContractTest {
        @Override
        protected Backend backend() {
            return new HostFakeBackend(HostFakeBackend.Flaw.UNAVAILABLE);
        }
    }

    private static Events run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute().testEvents();
    }

    private static Condition<Event> named(String displayName) {
        return new Condition<>(e -> e.getTestDescriptor().getDisplayName().equals(displayName),
                "display name %s", displayName);
    }

    @Test
    void brokenContractsFail() {
        Events tests = run(HostFakeContract.class);
        for (String broken : new String[] {"aTensorMadeInAClosedScopeIsUnusable()", "scopesNest()",
                "oneTapeAtATime()", "backwardOnAClosedTapeIsRefused()", "aClosedContextRefusesEveryFactory()"}) {
            tests.assertThatEvents().haveExactly(1, event(test(), named(broken), finishedWithFailure()));
        }
        tests.assertThatEvents().haveExactly(1, event(test(), named("BinaryCrossEntropy builds or is refused by name"),
                finishedWithFailure(message(m -> m.contains("must name the engine 'host-fake' and "
                        + "'BinaryCrossEntropy'") && m.contains("host-fake has no losses")))));
    }

    @Test
    void keptContractsPass() {
        Events tests = run(HostFakeContract.class);
        for (String kept : new String[] {"closeIsIdempotent()", "Conv2d builds or is refused by name",
                "Adam builds or is refused by name", "Sgd builds or is refused by name"}) {
            tests.assertThatEvents().haveExactly(1, event(test(), named(kept), finishedSuccessfully()));
        }
    }

    @Test
    void anUnavailableBackendSkipsEveryContractWithItsReason() {
        Events tests = run(UnavailableContract.class);
        tests.assertStatistics(stats -> stats.succeeded(0).failed(0));
        tests.assertThatEvents().haveAtLeast(17, event(test(),
                abortedWithReason(message(m -> m.contains("host-fake is unavailable here: the fake was told")))));
    }
}
