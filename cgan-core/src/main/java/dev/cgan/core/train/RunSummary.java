package dev.cgan.core.train;

/**
 * How a run ended.
 *
 * @param iterations      iterations completed in total
 * @param wallSeconds     wall time of this process's part of the run
 * @param imagesPerSecond mean training throughput of this process's part
 * @param last            the last iteration's figures (null if none ran)
 * @param stopReason      {@code completed}, {@code interrupted}, or {@code diverged: ...}
 */
public record RunSummary(long iterations, double wallSeconds, double imagesPerSecond, StepLosses last,
                         String stopReason) {
}
