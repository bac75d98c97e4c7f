package dev.cgan.conformance;

import java.util.Locale;

/**
 * How one actual tensor compared with its expectation: the largest absolute and relative errors, and the element
 * that came closest to (or went furthest past) its tolerance. A tensor compared {@linkplain #asWhole() as a whole}
 * (the fixture's {@code norm_tolerances}) has one figure instead: {@code ||actual - expected|| / ||expected||}.
 *
 * @param name          the expected tensor's name without the {@code expected.} prefix, e.g. {@code grad.input}
 * @param tolerance     the tolerance that applied; for a tensor compared as a whole, its {@code rtol} bounds the
 *                      relative norm error and its {@code atol} is 0
 * @param compared      elements compared (all of them, or the stored sample)
 * @param violations    elements outside the tolerance
 * @param maxAbsError   the largest {@code |actual - expected|}
 * @param maxRelError   the largest {@code |actual - expected| / |expected|} over elements with a non-zero expectation;
 *                      for a tensor compared as a whole, its relative norm error
 * @param worstUse      the largest fraction of the allowance used ({@code > 1} fails); see {@link Tolerance#use}
 * @param worstIndex    where {@code worstUse} occurred, as a row-major position (e.g. {@code [0, 2, 5, 1]}), or
 *                      empty when nothing was compared
 * @param worstActual   the actual value there
 * @param worstExpected the expected value there
 * @param problem       a structural failure (wrong size, missing result) that made the values incomparable, or
 *                      null
 * @param asWhole       whether the tensor was compared as a whole (one relative norm error) rather than element by
 *                      element; {@code violations} is then 1 when that error is past the bound
 */
public record TensorComparison(String name, Tolerance tolerance, int compared, int violations, double maxAbsError,
                               double maxRelError, double worstUse, String worstIndex, double worstActual,
                               double worstExpected, String problem, boolean asWhole) {

    /** An element-by-element comparison. */
    public TensorComparison(String name, Tolerance tolerance, int compared, int violations, double maxAbsError,
                            double maxRelError, double worstUse, String worstIndex, double worstActual,
                            double worstExpected, String problem) {
        this(name, tolerance, compared, violations, maxAbsError, maxRelError, worstUse, worstIndex, worstActual,
                worstExpected, problem, false);
    }

    /**
     * A comparison of a whole tensor: {@code relativeNormError = ||actual - expected|| / ||expected||} over the
     * {@code compared} elements, against {@code bound}.
     */
    public static TensorComparison ofWhole(String name, double bound, int compared, double maxAbsError,
                                           double relativeNormError) {
        boolean within = relativeNormError <= bound;
        return new TensorComparison(name, new Tolerance(bound, 0), compared, within ? 0 : 1, maxAbsError,
                relativeNormError, bound > 0 ? relativeNormError / bound : Double.POSITIVE_INFINITY, "",
                Double.NaN, Double.NaN, null, true);
    }

    /** A comparison that could not be made. */
    public static TensorComparison problem(String name, Tolerance tolerance, String problem) {
        return new TensorComparison(name, tolerance, 0, 0, Double.NaN, Double.NaN, Double.POSITIVE_INFINITY, "",
                Double.NaN, Double.NaN, problem);
    }

    /** Whether every compared element is within the tolerance and nothing structural went wrong. */
    public boolean passed() {
        return problem == null && violations == 0;
    }

    /** One line for reports, e.g. {@code grad.input: 3/24 outside (rtol 1e-4, atol 1e-5); max abs ...}. */
    public String summary() {
        if (problem != null) {
            return name + ": " + problem;
        }
        if (asWhole) {
            return String.format(Locale.ROOT, "%s: relative norm error %.3g %s %.3g (||actual - expected|| / "
                            + "||expected|| over %d elements); max abs err %.3g (%.3g of the allowance)", name,
                    maxRelError, violations == 0 ? "within" : "past", tolerance.rtol(), compared, maxAbsError,
                    worstUse);
        }
        String verdict = violations == 0 ? "all " + compared + " within" : violations + "/" + compared + " outside";
        return String.format(Locale.ROOT, "%s: %s (%s); max abs err %.3g, max rel err %.3g; worst at %s: %.9g vs "
                        + "expected %.9g (%.3g of the allowance)", name, verdict, tolerance, maxAbsError,
                maxRelError, worstIndex, worstActual, worstExpected, worstUse);
    }
}
