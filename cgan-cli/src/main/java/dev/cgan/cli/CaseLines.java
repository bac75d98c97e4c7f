package dev.cgan.cli;

import dev.cgan.conformance.CaseResult;
import dev.cgan.conformance.ConformanceCase;
import dev.cgan.conformance.Outcome;
import dev.cgan.conformance.TensorComparison;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Prints each conformance case's verdict the moment it finishes: the whole suite takes seconds to minutes, and a
 * line per case shows it is moving and which case a hang or crash happened in. Columns are aligned up front (the
 * names are known before the run), so the lines read as a table while they arrive.
 *
 * <p>{@code PASS  relu  2 ms  worst output: max abs 0.00e+00, max rel 0.00e+00, 0.0 of tolerance}
 */
final class CaseLines implements Consumer<CaseResult> {

    /** Wide enough for the longest outcome, {@code LISTED_BUT_PASSED}. */
    private static final int OUTCOME_WIDTH = Outcome.LISTED_BUT_PASSED.name().length();

    private final PrintWriter out;
    private final String format;
    private final boolean failingTensors;

    /**
     * @param cases          the cases that will run, to size the name column
     * @param failingTensors also print, under a case that did not pass, every tensor outside its tolerance
     */
    CaseLines(PrintWriter out, List<ConformanceCase> cases, boolean failingTensors) {
        this.out = out;
        int nameWidth = cases.stream().mapToInt(c -> c.name().length()).max().orElse(4);
        this.format = "%-" + OUTCOME_WIDTH + "s  %-" + nameWidth + "s  %6d ms  %s%n";
        this.failingTensors = failingTensors;
    }

    @Override
    public void accept(CaseResult result) {
        out.printf(Locale.ROOT, format, result.outcome(), result.testCase().name(), result.elapsed().toMillis(),
                detail(result));
        if (failingTensors && result.outcome() != Outcome.PASS) {
            for (TensorComparison c : result.failures()) {
                out.println("    " + c.summary());
            }
        }
        out.flush();
    }

    /**
     * The worst error for a case that ran through; the suite's own reason (which already names the worst failing
     * tensor, or the exception) for the rest.
     */
    static String detail(CaseResult result) {
        return switch (result.outcome()) {
            case PASS -> result.worst().map(CaseLines::worstError).orElse(result.detail());
            case LISTED_BUT_PASSED -> result.worst().map(w -> worstError(w) + "; ").orElse("") + result.detail();
            case FAIL, UNSUPPORTED -> result.detail();
        };
    }

    private static String worstError(TensorComparison c) {
        return String.format(Locale.ROOT, "worst %s: max abs %.2e, max rel %.2e, %.2g of tolerance", c.name(),
                c.maxAbsError(), c.maxRelError(), c.worstUse());
    }
}
