package dev.cgan.backend.nd4j;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wall-clock time per operation of a context, for profiling: off (absent) unless a profiler installs one with
 * {@link Nd4jContext#timer(Nd4jOpTimer)}. libnd4j runs synchronously on the CPU, so the time around a call is the
 * time of its work. Each entry is keyed by the calling class, the phase (forward, backward) and the result's shape,
 * which tells the layers of a network apart; the optimizers' steps and the tape's gradient sums have an entry each.
 */
final class Nd4jOpTimer {

    /** Accumulated nanoseconds and calls of one entry. */
    static final class Entry {
        long nanos;
        long calls;
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    void add(String key, long nanos) {
        Entry e = entries.computeIfAbsent(key, k -> new Entry());
        e.nanos += nanos;
        e.calls++;
    }

    /** Every entry so far, in first-seen order. */
    Map<String, Entry> entries() {
        return entries;
    }

    void clear() {
        entries.clear();
    }

    /** Runs {@code work}, timed as {@code key} when a timer is installed on {@code context}. */
    static void timed(Nd4jContext context, String key, Runnable work) {
        Nd4jOpTimer timer = context.timer();
        if (timer == null) {
            work.run();
            return;
        }
        long start = System.nanoTime();
        work.run();
        timer.add(key, System.nanoTime() - start);
    }
}
