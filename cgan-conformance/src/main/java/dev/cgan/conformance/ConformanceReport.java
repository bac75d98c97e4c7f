package dev.cgan.conformance;

import dev.cgan.api.Device;
import java.util.List;
import java.util.Locale;

/**
 * The results of a conformance run of one backend on one device, printable as a table.
 *
 * @param backend the backend's name
 * @param device  the device the cases ran on
 * @param results one result per case, in suite order
 */
public record ConformanceReport(String backend, Device device, List<CaseResult> results) {

    public ConformanceReport {
        results = List.copyOf(results);
    }

    /** How many cases ended with {@code outcome}. */
    public long count(Outcome outcome) {
        return results.stream().filter(r -> r.outcome() == outcome).count();
    }

    /** True when no case failed and no listed case passed: the backend conforms, as far as it claims to. */
    public boolean conforms() {
        return results.stream().noneMatch(r -> r.outcome().isFailure());
    }

    /** One line: backend, device and the count of each outcome. */
    public String summary() {
        return String.format(Locale.ROOT, "%s on %s: %d passed, %d failed, %d unsupported, %d listed but passing "
                        + "(%d cases)", backend, device.id(), count(Outcome.PASS), count(Outcome.FAIL),
                count(Outcome.UNSUPPORTED), count(Outcome.LISTED_BUT_PASSED), results.size());
    }

    /**
     * A fixed-width table, one row per case: outcome, the tensor that used most of its tolerance with that use and
     * its errors, the time, and for failures and unsupported cases the reason; then the summary line.
     */
    public String toTable() {
        int nameWidth = Math.max(4, results.stream().mapToInt(r -> r.testCase().name().length()).max().orElse(4));
        String format = "%-" + nameWidth + "s  %-10s  %-17s  %-36s  %8s  %9s  %9s  %7s  %s%n";
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, format, "case", "kind", "outcome", "closest tensor", "tol use",
                "max abs", "max rel", "ms", "detail"));
        for (CaseResult r : results) {
            var worst = r.worst();
            out.append(String.format(Locale.ROOT, format, r.testCase().name(), r.testCase().kind(), r.outcome(),
                    worst.map(TensorComparison::name).map(ConformanceReport::clip).orElse("-"),
                    worst.map(c -> figure(c.worstUse())).orElse("-"),
                    worst.map(c -> figure(c.maxAbsError())).orElse("-"),
                    worst.map(c -> figure(c.maxRelError())).orElse("-"),
                    r.elapsed().toMillis(), r.outcome() == Outcome.PASS ? "" : r.detail()));
        }
        out.append(summary()).append(System.lineSeparator());
        return out.toString();
    }

    private static String clip(String name) {
        return name.length() <= 36 ? name : "\u2026" + name.substring(name.length() - 35);
    }

    private static String figure(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2e", value);
    }
}
