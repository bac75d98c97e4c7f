package dev.cgan.backend.onednn;

import java.util.stream.IntStream;

/**
 * Element-wise work written in Java (losses, optimizers, masks, gradient sums) split into contiguous chunks across
 * the common pool when it is large enough to pay for the threads; each chunk writes only its own elements, so results
 * do not depend on the thread count.
 */
final class HostLoops {

    /** Below this many elements one thread does it all. */
    private static final int PARALLEL_THRESHOLD = 1 << 15;

    /** The work on elements {@code [from, to)}. */
    @FunctionalInterface
    interface Chunk {
        void run(int from, int to);
    }

    private HostLoops() {
    }

    static void inChunks(int count, Chunk chunk) {
        if (count < PARALLEL_THRESHOLD) {
            chunk.run(0, count);
            return;
        }
        int parts = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), count / (PARALLEL_THRESHOLD / 2)));
        int size = (count + parts - 1) / parts;
        IntStream.range(0, parts).parallel().forEach(p -> chunk.run(p * size, Math.min(count, (p + 1) * size)));
    }
}
