package dev.cgan.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ToleranceTest {

    private final Tolerance tolerance = new Tolerance(1e-3, 1e-6);

    @Test
    void allowanceIsAbsolutePlusRelativeToTheExpectedValue() {
        assertEquals(1e-6 + 1e-3 * 2.0, tolerance.allowance(-2.0), 1e-18);
    }

    @Test
    void acceptsUpToTheAllowanceAndNoFurther() {
        assertTrue(tolerance.accepts(1.0 + 1.0009e-3, 1.0), "just inside: 1.0009e-3 <= 1.001e-3");
        assertFalse(tolerance.accepts(1.0 + 1.0011e-3, 1.0), "just outside");
        assertTrue(tolerance.accepts(5e-7, 0.0), "atol alone near zero");
        assertFalse(tolerance.accepts(2e-6, 0.0));
    }

    @Test
    void useIsTheFractionOfTheAllowance() {
        assertEquals(0.5, new Tolerance(0, 1e-2).use(1.005, 1.0), 1e-9);
        assertEquals(0, tolerance.use(3.0, 3.0));
    }

    @Test
    void nanAndInfinityAreOnlyCloseToThemselves() {
        assertEquals(0, tolerance.use(Double.NaN, Double.NaN));
        assertEquals(0, tolerance.use(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY));
        assertEquals(Double.POSITIVE_INFINITY, tolerance.use(Double.NaN, 1.0));
        assertEquals(Double.POSITIVE_INFINITY, tolerance.use(1.0, Double.NaN));
        assertFalse(tolerance.accepts(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY));
    }

    @Test
    void zeroToleranceDemandsEquality() {
        Tolerance exact = new Tolerance(0, 0);
        assertTrue(exact.accepts(0.25, 0.25));
        assertEquals(Double.POSITIVE_INFINITY, exact.use(0.25, 0.5));
    }

    @Test
    void negativeTolerancesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Tolerance(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Tolerance(0, Double.NaN));
    }
}
