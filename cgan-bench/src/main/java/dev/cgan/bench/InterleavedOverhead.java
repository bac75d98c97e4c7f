package dev.cgan.bench;

import dev.cgan.api.ComputeContext;
import dev.cgan.backend.djl.kernel.Convolution;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@link OverheadBenchmark}'s question on a busy machine: the two loops alternate iteration by iteration in one JVM
 * (which goes first alternates too), so a change in the machine's load hits both alike, and the overhead is the median
 * of the pairs' time ratios. Prints one JSON line.
 *
 * <pre>java -cp cgan-bench.jar dev.cgan.bench.InterleavedOverhead [dcgan32|dcgan64] [PAIRS]</pre>
 */
public final class InterleavedOverhead {

    private InterleavedOverhead() {
    }

    public static void main(String[] args) {
        String model = args.length > 0 ? args[0] : "dcgan32";
        int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        try (ComputeContext context = BenchBackends.open("djl")) {
            ReferenceCheck.require(context, model + " train step", ReferenceCheck.trainStepCases(model));
            TrainingSetup setup = new TrainingSetup(context, model, TrainStepBenchmark.BATCH, 42);
            Convolution convolution = BenchBackends.djlConvolution(context);
            try (HandWrittenDjlStep hand = new HandWrittenDjlStep(convolution, setup.model, 42, setup.realValues,
                    setup.labelValues, setup.noiseValues, TrainStepBenchmark.BATCH)) {
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
                System.out.printf(Locale.ROOT, "{\"model\":\"%s\",\"pairs\":%d,\"api_ms_median\":%.1f,"
                                + "\"handwritten_ms_median\":%.1f,\"overhead_median_percent\":%.2f}%n", model, pairs,
                        median(api), median(handWritten), 100 * (median(ratio) - 1));
            }
        }
    }

    private static double timed(Runnable iteration) {
        long start = System.nanoTime();
        iteration.run();
        return (System.nanoTime() - start) / 1e6;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }
}
