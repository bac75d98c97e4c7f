package dev.cgan.core.train;

/**
 * One finished training iteration, as listeners see it.
 *
 * @param iteration       1-based iteration number over the whole run (continues across resumes)
 * @param epoch           1-based epoch the batch came from
 * @param losses          what the iteration measured
 * @param seconds         wall time of this iteration
 * @param imagesPerSecond real images consumed per second over recent iterations
 */
public record IterationRecord(long iteration, int epoch, StepLosses losses, double seconds, double imagesPerSecond) {
}
