package dev.cgan.bench;

import dev.cgan.api.BackendUnavailableException;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.UnknownBackendException;
import dev.cgan.core.train.StepLosses;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * What an engine's fused layer pairs ({@link ComputeContext#forward(java.util.List, dev.cgan.api.tensor.Tensor,
 * boolean)}) are worth in a training iteration: two contexts of the engine in one JVM, the same model, weights and
 * batch on each, one training through the networks' runs of layers (the engine fuses what it can) and one layer by
 * layer ({@link LayerByLayer}); iterations alternate (which goes first alternates too), so the machine's load hits both
 * alike, and the figure is the median of the pairs' time ratios. The two must agree on the first iteration's losses
 * (relative 1e-4) before anything is timed. Prints one JSON line.
 *
 * <pre>java -cp cgan-bench.jar dev.cgan.bench.FusionPairs [dcgan64|dcgan32] [PAIRS] [onednn]</pre>
 */
public final class FusionPairs {

    private FusionPairs() {
    }

    public static void main(String[] args) {
        try {
            String model = args.length > 0 ? args[0] : "dcgan64";
            int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 40;
            if (pairs < 1) {
                throw new IllegalArgumentException("PAIRS must be at least 1, got " + pairs);
            }
            TrainingSetup.model(model);
            measure(model, pairs, args.length > 2 ? args[2] : "onednn");
        } catch (IllegalArgumentException | UnknownBackendException | BackendUnavailableException
                 | BenchmarkRefusedException e) {
            System.err.println("FusionPairs: error: " + e.getMessage()
                    + " (arguments: [dcgan64|dcgan32] [PAIRS] [ENGINE])");
            System.exit(2);
        }
    }

    private static void measure(String model, int pairs, String engine) {
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        try (ComputeContext fusedContext = BenchBackends.open(engine);
             ComputeContext apartContext = new DelegatingContext(BenchBackends.open(engine))) {
            TrainingSetup fused = new TrainingSetup(fusedContext, model, TrainStepBenchmark.BATCH, 42);
            TrainingSetup apart = new TrainingSetup(apartContext, model, TrainStepBenchmark.BATCH, 42);
            StepLosses a = fused.iterate();
            StepLosses b = apart.iterate();
            double difference = Math.max(relative(a.lossD(), b.lossD()), relative(a.lossG(), b.lossG()));
            if (!(difference <= 1e-4)) {
                throw new BenchmarkRefusedException("the fused and the layer-by-layer iteration disagree: losses "
                        + a + " and " + b + "; not timing them");
            }
            for (int i = 0; i < 2; i++) {
                fused.iterate();
                apart.iterate();
            }
            double[] fusedMs = new double[pairs];
            double[] apartMs = new double[pairs];
            double[] ratio = new double[pairs];
            for (int i = 0; i < pairs; i++) {
                if (i % 2 == 0) {
                    fusedMs[i] = InterleavedOverhead.timed(fused::iterate);
                    apartMs[i] = InterleavedOverhead.timed(apart::iterate);
                } else {
                    apartMs[i] = InterleavedOverhead.timed(apart::iterate);
                    fusedMs[i] = InterleavedOverhead.timed(fused::iterate);
                }
                ratio[i] = fusedMs[i] / apartMs[i];
            }
            double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            System.out.printf(Locale.ROOT, "{\"engine\":\"%s\",\"model\":\"%s\",\"pairs\":%d,"
                            + "\"fused_ms_median\":%.1f,\"apart_ms_median\":%.1f,\"fused_over_apart_median\":%.4f,"
                            + "\"first_losses_relative_difference\":%.2e,\"ratios\":%s,\"load_average_1min\":[%.2f,%.2f]}%n",
                    engine, model, pairs, InterleavedOverhead.median(fusedMs), InterleavedOverhead.median(apartMs),
                    InterleavedOverhead.median(ratio), difference, InterleavedOverhead.ratios(ratio), loadBefore,
                    loadAfter);
        }
    }

    private static double relative(double x, double y) {
        return Math.abs(x - y) / Math.max(1e-12, Math.max(Math.abs(x), Math.abs(y)));
    }
}
