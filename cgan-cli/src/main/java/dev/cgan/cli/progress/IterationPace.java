package dev.cgan.cli.progress;

/**
 * How fast the run is going by the wall clock, for the ETA: an exponential average of the time between iterations,
 * which includes sampling and checkpoint pauses (they are part of what the rest of the run will cost), and follows a
 * change of speed within a few dozen iterations.
 */
final class IterationPace {

    /** Weight of the newest interval: about the last 30 iterations dominate. */
    private static final double ALPHA = 1.0 / 30;

    private long lastNanos = -1;
    private double secondsPerIteration = Double.NaN;

    /** Marks the start: the first iteration's interval is measured from here. */
    void start(long nanos) {
        lastNanos = nanos;
    }

    /** An iteration finished at {@code nanos}. */
    void tick(long nanos) {
        if (lastNanos >= 0) {
            double seconds = (nanos - lastNanos) / 1e9;
            // The first interval includes engine warm-up; it seeds the average rather than being weighted in.
            secondsPerIteration = Double.isNaN(secondsPerIteration) ? seconds
                    : secondsPerIteration + ALPHA * (seconds - secondsPerIteration);
        }
        lastNanos = nanos;
    }

    /** Seconds until {@code remaining} more iterations are done, or NaN before the first measurement. */
    double eta(long remaining) {
        return secondsPerIteration * remaining;
    }
}
