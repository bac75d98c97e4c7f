package dev.cgan.backend.jcuda;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.cuda.global.cudart;

/**
 * An optional profile of every piece of GPU work the backend issues (kernel launches, cuDNN and cuBLAS calls, copies),
 * switched on with {@code -Dcgan.jcuda.profile=true} and printed to standard error when the context closes.
 *
 * <p>Each timed call is bracketed by device synchronisations: the host time is what issuing the call cost the Java
 * thread (JNI, argument set-up, the library's own host work), the total adds the GPU's execution. The synchronisations
 * slow the run down, so compare shares within one profile, and an unprofiled run's iteration time with the sum.
 * Off (the default), a timed call costs one branch.
 */
final class OpTimer {

    static final String PROPERTY = "cgan.jcuda.profile";

    private static final boolean ENABLED = Boolean.getBoolean(PROPERTY);

    /** Per label: calls, host nanoseconds, total nanoseconds. */
    private static final Map<String, long[]> TOTALS = new LinkedHashMap<>();

    private OpTimer() {
    }

    static boolean enabled() {
        return ENABLED;
    }

    /** Runs {@code work}, timing it under {@code label} when profiling is on. */
    static void time(String label, Runnable work) {
        if (!ENABLED) {
            work.run();
            return;
        }
        cudart.cudaDeviceSynchronize();
        long start = System.nanoTime();
        work.run();
        long issued = System.nanoTime();
        cudart.cudaDeviceSynchronize();
        long done = System.nanoTime();
        synchronized (TOTALS) {
            long[] t = TOTALS.computeIfAbsent(label, k -> new long[3]);
            t[0]++;
            t[1] += issued - start;
            t[2] += done - start;
        }
    }

    /** The table of everything timed so far, largest total first, and forgets it; empty when nothing was timed. */
    static String drain() {
        List<Map.Entry<String, long[]>> rows;
        synchronized (TOTALS) {
            rows = new ArrayList<>(TOTALS.entrySet());
            TOTALS.clear();
        }
        if (rows.isEmpty()) {
            return "";
        }
        rows.sort((a, b) -> Long.compare(b.getValue()[2], a.getValue()[2]));
        long all = rows.stream().mapToLong(e -> e.getValue()[2]).sum();
        long host = rows.stream().mapToLong(e -> e.getValue()[1]).sum();
        long calls = rows.stream().mapToLong(e -> e.getValue()[0]).sum();
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "jcuda profile: %d calls, %.1f ms in all, %.1f ms of it issuing on the host%n"
                        + "%8s %10s %10s %6s  %s%n", calls, all / 1e6, host / 1e6, "calls", "total ms", "host ms",
                "share", "operation"));
        for (Map.Entry<String, long[]> e : rows) {
            long[] t = e.getValue();
            out.append(String.format(Locale.ROOT, "%8d %10.2f %10.2f %5.1f%%  %s%n", t[0], t[2] / 1e6, t[1] / 1e6,
                    100.0 * t[2] / all, e.getKey()));
        }
        return out.toString();
    }
}
