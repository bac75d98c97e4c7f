package dev.cgan.conformance;

/** The verdict on one case for one backend. */
public enum Outcome {
    /** Every expected tensor is within tolerance. */
    PASS,
    /**
     * A tensor is outside tolerance, or the backend threw (an {@link UnsupportedOperationException} included), on a
     * case it does not list as unsupported.
     */
    FAIL,
    /** The backend lists the case in its {@value UnsupportedCases#RESOURCE}, and it does not pass. */
    UNSUPPORTED,
    /** Listed as unsupported, yet it passes: the entry should be removed so the list stays honest. */
    LISTED_BUT_PASSED;

    /** Whether this outcome should fail a build. */
    public boolean isFailure() {
        return this == FAIL || this == LISTED_BUT_PASSED;
    }
}
