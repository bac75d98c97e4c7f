package dev.cgan.conformance;

/**
 * How far an actual value may be from the expected one: {@code |actual - expected| <= atol + rtol * |expected|}
 * (numpy's {@code isclose}), stated per case and per expected tensor by the fixture, never by the backend.
 *
 * @param rtol relative tolerance, >= 0
 * @param atol absolute tolerance, >= 0
 */
public record Tolerance(double rtol, double atol) {

    public Tolerance {
        if (!(rtol >= 0) || !(atol >= 0)) {
            throw new IllegalArgumentException("tolerances must be >= 0, got rtol=" + rtol + " atol=" + atol);
        }
    }

    /** The largest difference allowed from {@code expected}. */
    public double allowance(double expected) {
        return atol + rtol * Math.abs(expected);
    }

    /**
     * The fraction of the allowance that {@code actual} uses: at most 1 when it passes. Equal values (including
     * equal infinities and two NaNs) use 0; a NaN against a number uses infinity.
     */
    public double use(double actual, double expected) {
        if (actual == expected || (Double.isNaN(actual) && Double.isNaN(expected))) {
            return 0;
        }
        double diff = Math.abs(actual - expected);
        if (Double.isNaN(diff)) {
            return Double.POSITIVE_INFINITY;
        }
        double allowance = allowance(expected);
        return allowance > 0 ? diff / allowance : Double.POSITIVE_INFINITY;
    }

    /** Whether {@code actual} is close enough to {@code expected}. */
    public boolean accepts(double actual, double expected) {
        return use(actual, expected) <= 1;
    }

    @Override
    public String toString() {
        return "rtol " + rtol + ", atol " + atol;
    }
}
