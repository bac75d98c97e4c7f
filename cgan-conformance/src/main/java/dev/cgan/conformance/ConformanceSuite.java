package dev.cgan.conformance;

import dev.cgan.api.Backend;
import dev.cgan.api.BackendOptions;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.Device;
import dev.cgan.api.tensor.TensorScope;
import dev.cgan.conformance.fixtures.Expectation;
import dev.cgan.conformance.fixtures.Fixture;
import dev.cgan.conformance.fixtures.FixtureLibrary;
import dev.cgan.conformance.kinds.CaseExecutor;
import dev.cgan.conformance.kinds.Observations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The conformance cases and the means to run them on a backend: the programmatic entry point (the CLI's
 * {@code conformance} command and the JUnit adapter {@code dev.cgan.conformance.junit.BackendConformanceTest} both
 * use it).
 *
 * <pre>{@code
 * ConformanceReport report = ConformanceSuite.bundled().run(backend, backend.devices().get(0));
 * System.out.print(report.toTable());
 * }</pre>
 *
 * Each case runs in its own {@link TensorScope}; results are copied to the host and compared with the fixture's
 * expectations under the fixture's tolerances. Instances are immutable.
 */
public final class ConformanceSuite {

    private final Map<String, Fixture> fixtures;

    private ConformanceSuite(Map<String, Fixture> fixtures) {
        this.fixtures = fixtures;
    }

    /**
     * The cases bundled with this module, in index order.
     *
     * @throws java.io.UncheckedIOException if a fixture is missing or unreadable
     * @throws IllegalArgumentException     if a fixture breaks the format
     */
    public static ConformanceSuite bundled() {
        Map<String, Fixture> fixtures = new LinkedHashMap<>();
        for (String name : FixtureLibrary.index()) {
            fixtures.put(name, FixtureLibrary.load(name));
        }
        return new ConformanceSuite(fixtures);
    }

    /** The cases, in run order. */
    public List<ConformanceCase> cases() {
        return fixtures.values().stream().map(Fixture::testCase).toList();
    }

    /** The cases accepted by {@code filter}, in the same order. */
    public ConformanceSuite only(Predicate<ConformanceCase> filter) {
        Map<String, Fixture> kept = new LinkedHashMap<>();
        fixtures.forEach((name, f) -> {
            if (filter.test(f.testCase())) {
                kept.put(name, f);
            }
        });
        return new ConformanceSuite(kept);
    }

    /**
     * The cases whose name matches a glob ({@code *} for any characters, e.g. {@code conv*} or {@code *bias}), or
     * whose kind equals the pattern ({@code model}).
     *
     * @throws IllegalArgumentException if nothing matches (the message lists the case names)
     */
    public ConformanceSuite matching(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (regex.length() > 0 || pattern.startsWith("*")) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        Pattern glob = Pattern.compile(pattern.startsWith("*") ? regex.substring(2) : regex.toString());
        ConformanceSuite matched = only(c -> glob.matcher(c.name()).matches() || c.kind().equals(pattern));
        if (matched.fixtures.isEmpty()) {
            throw new IllegalArgumentException("no conformance case matches '" + pattern + "'; cases are "
                    + String.join(", ", fixtures.keySet()));
        }
        return matched;
    }

    /**
     * Opens {@code backend} on {@code device} with default options, runs every case with the backend's own
     * unsupported list, and closes it.
     *
     * @throws dev.cgan.api.BackendUnavailableException if the backend cannot be opened there
     */
    public ConformanceReport run(Backend backend, Device device) {
        return run(backend, device, BackendOptions.defaults(), result -> { });
    }

    /**
     * Opens {@code backend} on {@code device}, runs every case with the backend's own unsupported list, telling
     * {@code onResult} about each case as it finishes (for progress output), and closes it.
     *
     * @throws dev.cgan.api.BackendUnavailableException if the backend cannot be opened there
     */
    public ConformanceReport run(Backend backend, Device device, BackendOptions options,
                                 Consumer<CaseResult> onResult) {
        UnsupportedCases unsupported = UnsupportedCases.of(backend);
        try (ComputeContext context = backend.open(device, options)) {
            return run(context, unsupported, onResult);
        }
    }

    /** Runs every case on an open context (left open), reporting each result to {@code onResult} as it comes. */
    public ConformanceReport run(ComputeContext context, UnsupportedCases unsupported,
                                 Consumer<CaseResult> onResult) {
        List<CaseResult> results = new ArrayList<>();
        for (ConformanceCase c : cases()) {
            CaseResult result = run(context, c, unsupported);
            results.add(result);
            onResult.accept(result);
        }
        return new ConformanceReport(context.backend().name(), context.device(), results);
    }

    /**
     * Runs one case on an open context.
     *
     * <p>A case the backend lists as unsupported is {@link Outcome#UNSUPPORTED} when it does not pass, and
     * {@link Outcome#LISTED_BUT_PASSED} when it does. A case it does not list fails on any exception, an
     * {@link UnsupportedOperationException} included: only the list excuses a case.
     *
     * @throws IllegalArgumentException if the case is not in this suite
     */
    public CaseResult run(ComputeContext context, ConformanceCase testCase, UnsupportedCases unsupported) {
        Fixture fixture = fixtures.get(testCase.name());
        if (fixture == null) {
            throw new IllegalArgumentException("no conformance case '" + testCase.name() + "' in this suite");
        }
        Optional<String> listed = unsupported.reason(testCase.name());
        long start = System.nanoTime();
        Execution execution = execute(context, fixture);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        List<TensorComparison> comparisons = execution.comparisons();
        List<TensorComparison> failures = comparisons.stream().filter(c -> !c.passed()).toList();
        Outcome outcome;
        String detail;
        if (execution.error() == null && failures.isEmpty()) {
            outcome = listed.isPresent() ? Outcome.LISTED_BUT_PASSED : Outcome.PASS;
            detail = listed.map(r -> "listed as unsupported (" + r + ") but passes: remove it from "
                    + UnsupportedCases.RESOURCE).orElseGet(() -> closest(comparisons));
        } else if (listed.isPresent()) {
            outcome = Outcome.UNSUPPORTED;
            detail = "listed: " + listed.get();
        } else if (execution.unsupported()) {
            // Only the backend's list may excuse a case: an engine that silently lost an operation must not pass.
            outcome = Outcome.FAIL;
            detail = execution.error() + "; the case is not listed in " + UnsupportedCases.RESOURCE
                    + ": implement it, or list it there with a reason";
        } else {
            outcome = Outcome.FAIL;
            detail = execution.error() != null ? execution.error() : failures.size() + " of " + comparisons.size()
                    + " tensors outside tolerance; worst " + worstFailure(failures).summary();
        }
        return new CaseResult(testCase, outcome, detail, comparisons, elapsed);
    }

    /** How running a case ended: compared results, or the backend's exception. */
    private record Execution(List<TensorComparison> comparisons, String error, boolean unsupported) {
    }

    private static Execution execute(ComputeContext context, Fixture fixture) {
        try (TensorScope scope = context.scope()) {
            Observations observed = CaseExecutor.forKind(fixture.testCase().kind()).execute(context, fixture);
            return new Execution(compare(fixture, observed), null, false);
        } catch (UnsupportedOperationException e) {
            return new Execution(List.of(), describe(e), true);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            return new Execution(List.of(), describe(e), false);
        }
    }

    private static List<TensorComparison> compare(Fixture fixture, Observations observed) {
        List<TensorComparison> out = new ArrayList<>();
        for (Expectation expected : fixture.expectations().values()) {
            var tolerance = fixture.tolerance(expected.name());
            var normTolerance = fixture.normTolerance(expected.name());
            out.add(observed.get(expected.name())
                    .map(o -> normTolerance.isPresent()
                            ? expected.compareAsWhole(o.shape(), o.values(), normTolerance.getAsDouble())
                            : expected.compare(o.shape(), o.values(), tolerance))
                    .orElseGet(() -> TensorComparison.problem(expected.shortName(), tolerance,
                            "the backend produced no such result")));
        }
        return out;
    }

    private static TensorComparison worstFailure(List<TensorComparison> failures) {
        return failures.stream()
                .max(Comparator.comparing((TensorComparison c) -> c.problem() != null)
                        .thenComparingDouble(TensorComparison::worstUse))
                .orElseThrow();
    }

    private static String closest(List<TensorComparison> comparisons) {
        return comparisons.stream().max(Comparator.comparingDouble(TensorComparison::worstUse))
                .map(c -> "closest: " + c.summary()).orElse("nothing to compare");
    }

    private static String describe(Throwable e) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("");
        return e.getClass().getSimpleName() + message + at(e);
    }

    /** Where the exception came from, so a one-line report is still actionable. */
    private static String at(Throwable e) {
        StackTraceElement[] trace = e.getStackTrace();
        return trace.length == 0 ? "" : String.format(Locale.ROOT, " (at %s.%s:%d)",
                trace[0].getClassName().substring(trace[0].getClassName().lastIndexOf('.') + 1),
                trace[0].getMethodName(), trace[0].getLineNumber());
    }
}
