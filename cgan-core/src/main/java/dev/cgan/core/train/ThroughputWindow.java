package dev.cgan.core.train;

import java.util.ArrayDeque;

/**
 * Images per second over the last {@value #ITERATIONS} iterations: recent enough to show a change of pace (another
 * process taking the cores), smooth enough not to jump with every iteration.
 */
final class ThroughputWindow {

    /** Iterations the rate is averaged over. */
    static final int ITERATIONS = 20;

    private final ArrayDeque<Double> recent = new ArrayDeque<>();
    private double recentSeconds;

    /**
     * Adds an iteration that took {@code seconds} for a batch of {@code batchSize} images.
     *
     * @return the rate over the window, this iteration included
     */
    double add(double seconds, int batchSize) {
        recent.addLast(seconds);
        recentSeconds += seconds;
        if (recent.size() > ITERATIONS) {
            recentSeconds -= recent.removeFirst();
        }
        return recent.size() * (double) batchSize / recentSeconds;
    }
}
