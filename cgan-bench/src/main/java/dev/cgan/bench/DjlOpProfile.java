package dev.cgan.bench;

import ai.djl.pytorch.jni.JniUtils;
import dev.cgan.api.ComputeContext;
import java.nio.file.Path;

/**
 * Where the {@code djl} backend's training iteration spends its time, op by op: runs a few warm iterations, then
 * records more with libtorch's own profiler and writes its Chrome trace (one event per libtorch operator, forward and
 * backward). {@code cgan-bench/profile_table.py} sums the trace by operator.
 *
 * <pre>java -cp cgan-bench.jar dev.cgan.bench.DjlOpProfile dcgan64 trace.json [iterations]</pre>
 */
public final class DjlOpProfile {

    private DjlOpProfile() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: DjlOpProfile dcgan64|dcgan32 TRACE.json [ITERATIONS]");
            System.exit(2);
        }
        int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        try (ComputeContext context = BenchBackends.open("djl")) {
            TrainingSetup setup = new TrainingSetup(context, args[0], TrainStepBenchmark.BATCH, 42);
            for (int i = 0; i < 2; i++) {
                setup.iterate();
            }
            long start = System.nanoTime();
            JniUtils.startProfile(false, true, false);
            for (int i = 0; i < iterations; i++) {
                setup.iterate();
            }
            JniUtils.stopProfile(Path.of(args[1]).toAbsolutePath().toString());
            System.out.printf("%s on %s: %.0f ms per profiled iteration (profiler on)%n", args[0], context.device(),
                    (System.nanoTime() - start) / 1e6 / iterations);
        }
    }
}
