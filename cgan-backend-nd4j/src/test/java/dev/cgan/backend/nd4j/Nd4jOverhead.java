package dev.cgan.backend.nd4j;

import dev.cgan.api.BackendOptions;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.Device;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * The framework's own cost on ND4J: the same training iteration through cgan's API and as {@link HandWrittenNd4jStep}
 * (the backend's kernels called directly), alternating iteration by iteration in one JVM (which goes first alternates
 * too), so that a change in a shared machine's load hits both alike. Both loops first run two iterations from the same
 * weights and batch, and nothing is timed unless their losses agree within {@link HandWrittenLoopTest#LOSS_RTOL}.
 * Prints one JSON line: medians, the median of the pairs' time ratios as the overhead, and the load average.
 *
 * <pre>java -cp (test class path) dev.cgan.backend.nd4j.Nd4jOverhead [dcgan32|dcgan64] [PAIRS] [THREADS]</pre>
 */
public final class Nd4jOverhead {

    private Nd4jOverhead() {
    }

    public static void main(String[] args) {
        String model = args.length > 0 ? args[0] : "dcgan32";
        int pairs;
        int threads;
        try {
            OverheadLoops.model(model);
            pairs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
            threads = args.length > 2 ? Integer.parseInt(args[2]) : 0;
            if (pairs < 1 || threads < 0) {
                throw new IllegalArgumentException("PAIRS must be at least 1 and THREADS at least 0, got " + pairs
                        + " and " + threads);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("Nd4jOverhead: error: " + e.getMessage()
                    + " (arguments: [dcgan32|dcgan64] [PAIRS] [THREADS])");
            System.exit(2);
            return;
        }
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        try (ComputeContext context = new Nd4jBackend().open(Device.cpu(), new BackendOptions(threads, false,
                false))) {
            OverheadLoops loops = new OverheadLoops(context, model, 42, 42);
            for (int i = 0; i < 2; i++) {
                double api = loops.api();
                double hand = loops.handWritten();
                if (!(Math.abs(api - hand) <= HandWrittenLoopTest.LOSS_RTOL * Math.abs(api))) {
                    System.err.println("Nd4jOverhead: error: refusing to compare loops that compute different "
                            + "things: iteration " + (i + 1) + " D+G loss api " + api + ", hand-written " + hand);
                    System.exit(2);
                }
            }
            for (int i = 0; i < 3; i++) {
                loops.api();
                loops.handWritten();
            }
            double[] api = new double[pairs];
            double[] handWritten = new double[pairs];
            double[] ratio = new double[pairs];
            for (int i = 0; i < pairs; i++) {
                if (i % 2 == 0) {
                    api[i] = timed(loops::api);
                    handWritten[i] = timed(loops::handWritten);
                } else {
                    handWritten[i] = timed(loops::handWritten);
                    api[i] = timed(loops::api);
                }
                ratio[i] = api[i] / handWritten[i];
            }
            double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            System.out.printf(Locale.ROOT, "{\"engine\":\"nd4j\",\"model\":\"%s\",\"pairs\":%d,"
                            + "\"api_ms_median\":%.1f,\"handwritten_ms_median\":%.1f,"
                            + "\"overhead_median_percent\":%.2f,\"ratios\":%s,\"load_average_1min\":[%.2f,%.2f]}%n",
                    model, pairs, median(api), median(handWritten), 100 * (median(ratio) - 1), ratios(ratio),
                    loadBefore, loadAfter);
        }
    }

    private static double timed(DoubleSupplier iteration) {
        long start = System.nanoTime();
        iteration.getAsDouble();
        return (System.nanoTime() - start) / 1e6;
    }

    private static String ratios(double[] ratio) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < ratio.length; i++) {
            out.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.3f", ratio[i]));
        }
        return out.append(']').toString();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }
}
