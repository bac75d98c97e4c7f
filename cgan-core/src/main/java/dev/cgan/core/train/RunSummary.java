package dev.cgan.core.train;

/**
 * How a run ended.
 *
 * @param iterations      iterations completed in total
 * @param wallSeconds     wall time of this process's part of the run
 * @param imagesPerSecond mean training throughput of this process's part
 * @param last            the last iteration's figures (null if none ran)
 * @param stop            {@code completed}, {@code interrupted}, or {@code diverged: ...}, with the settings it names
 *                        (the learning rate to try) kept apart for a front end to name its way
 */
public record RunSummary(long iterations, double wallSeconds, double imagesPerSecond, StepLosses last,
                         SettingsMessage stop) {

    /** A summary whose stop reason names no setting. */
    public RunSummary(long iterations, double wallSeconds, double imagesPerSecond, StepLosses last,
                      String stopReason) {
        this(iterations, wallSeconds, imagesPerSecond, last, SettingsMessage.of(stopReason));
    }

    /** {@code completed}, {@code interrupted}, or {@code diverged: ...}, in the core's words. */
    public String stopReason() {
        return stop.toString();
    }
}
