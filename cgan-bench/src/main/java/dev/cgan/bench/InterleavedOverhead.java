package dev.cgan.bench;

import dev.cgan.api.BackendUnavailableException;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.UnknownBackendException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@link OverheadBenchmark}'s question on a busy machine: the two loops alternate iteration by iteration in one JVM
 * (which goes first alternates too), so a change in the machine's load hits both alike, and the overhead is the median
 * of the pairs' time ratios. Prints one JSON line, with the system's load average before and after.
 *
 * <pre>java -cp cgan-bench.jar dev.cgan.bench.InterleavedOverhead [dcgan32|dcgan64] [PAIRS] [djl]</pre>
 *
 * <p>For nd4j the same measurement is {@code Nd4jOverhead} in cgan-backend-nd4j's tests.
 */
public final class InterleavedOverhead {

    private InterleavedOverhead() {
    }

    public static void main(String[] args) {
        try {
            String model = args.length > 0 ? args[0] : "dcgan32";
            int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
            if (pairs < 1) {
                throw new IllegalArgumentException("PAIRS must be at least 1, got " + pairs);
            }
            TrainingSetup.model(model);
            measure(model, pairs, args.length > 2 ? args[2] : "djl");
        } catch (IllegalArgumentException | UnknownBackendException | BackendUnavailableException
                 | BenchmarkRefusedException e) {
            // Bad arguments, an unknown or unavailable engine, loops that disagree: one line, no stack trace.
            System.err.println("InterleavedOverhead: error: " + e.getMessage()
                    + " (arguments: [dcgan32|dcgan64] [PAIRS] [djl])");
            System.exit(2);
        }
    }

    private static void measure(String model, int pairs, String engine) {
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        try (ComputeContext context = BenchBackends.open(engine)) {
            ReferenceCheck.requireTrainStep(context, model);
            TrainingSetup setup = new TrainingSetup(context, model, TrainStepBenchmark.BATCH, 42);
            try (HandWrittenStep hand = HandWrittenStep.on(context, setup, 42)) {
                System.out.println("# " + LoopAgreement.require(setup, hand) + "; " + context.device());
                for (int i = 0; i < 3; i++) {
                    setup.iterate();
                    hand.iterate();
                }
                double[] api = new double[pairs];
                double[] handWritten = new double[pairs];
                double[] ratio = new double[pairs];
                for (int i = 0; i < pairs; i++) {
                    if (i % 2 == 0) {
                        api[i] = timed(() -> setup.iterate());
                        handWritten[i] = timed(hand::iterate);
                    } else {
                        handWritten[i] = timed(hand::iterate);
                        api[i] = timed(() -> setup.iterate());
                    }
                    ratio[i] = api[i] / handWritten[i];
                }
                double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
                System.out.printf(Locale.ROOT, "{\"engine\":\"%s\",\"model\":\"%s\",\"pairs\":%d,"
                                + "\"api_ms_median\":%.1f,\"handwritten_ms_median\":%.1f,"
                                + "\"overhead_median_percent\":%.2f,\"ratios\":%s,\"load_average_1min\":[%.2f,%.2f]}%n",
                        engine, model, pairs, median(api), median(handWritten), 100 * (median(ratio) - 1),
                        ratios(ratio), loadBefore, loadAfter);
            }
        }
    }

    static double timed(Runnable iteration) {
        long start = System.nanoTime();
        iteration.run();
        return (System.nanoTime() - start) / 1e6;
    }

    static String ratios(double[] ratio) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < ratio.length; i++) {
            out.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.3f", ratio[i]));
        }
        return out.append(']').toString();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }
}
