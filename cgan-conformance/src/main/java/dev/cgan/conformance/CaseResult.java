package dev.cgan.conformance;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The result of running one case on one backend.
 *
 * @param testCase    the case
 * @param outcome     the verdict
 * @param detail      one line: why it failed or is unsupported, or a summary of the closest call when it passed
 * @param comparisons every expected tensor's comparison, in fixture order (empty when the case did not run through)
 * @param elapsed     how long the case took
 */
public record CaseResult(ConformanceCase testCase, Outcome outcome, String detail, List<TensorComparison> comparisons,
                         Duration elapsed) {

    public CaseResult {
        comparisons = List.copyOf(comparisons);
    }

    /**
     * The comparison that used most of its tolerance (the failing one with the largest overshoot when the case
     * failed), if any ran.
     */
    public Optional<TensorComparison> worst() {
        return comparisons.stream().max(Comparator.comparingDouble(TensorComparison::worstUse));
    }

    /** The comparisons outside tolerance. */
    public List<TensorComparison> failures() {
        return comparisons.stream().filter(c -> !c.passed()).toList();
    }
}
