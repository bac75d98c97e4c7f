package dev.cgan.bench;

import dev.cgan.api.ComputeContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/**
 * Where an {@code onednn} training iteration's time goes, with oneDNN's own per-primitive timer: run this with
 * {@code ONEDNN_VERBOSE=profile_exec ONEDNN_VERBOSE_TIMESTAMP=1}, and oneDNN prints one line per executed primitive
 * (its kind, direction, implementation, shapes and milliseconds, with the time it was printed) on standard output.
 * This program trains {@code MODEL} at batch 64 on the onednn engine as the benchmarks do ({@link TrainingSetup}),
 * two untimed iterations first (primitives are created there), then {@code ITERATIONS} timed ones, and writes each
 * timed iteration's window (start and end in ms, on the monotonic clock and on the wall clock: oneDNN's timestamps are
 * on one of them) to
 * {@code WINDOWS} as JSON lines, so that {@code cgan-bench/onednn_profile_table.py} can sum the primitives that ran
 * inside the windows and set them against the iterations' wall time (the remainder is Java: Adam, losses, label maps).
 *
 * <pre>ONEDNN_VERBOSE=profile_exec ONEDNN_VERBOSE_TIMESTAMP=1 OMP_NUM_THREADS=2 \
 *   java -cp cgan-bench.jar dev.cgan.bench.OnednnIterationProfile dcgan64 3 windows.jsonl &gt; verbose.log</pre>
 *
 * <p>{@code scripts/record-onednn-profile} does all of it.
 */
public final class OnednnIterationProfile {

    private OnednnIterationProfile() {
    }

    /** Wall-clock milliseconds since the epoch, to the microsecond (oneDNN's timestamps may be on this clock). */
    private static double epochMillis() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1e3 + now.getNano() / 1e6;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3 || !args[0].matches("dcgan64|dcgan32") || !args[1].matches("[1-9][0-9]*")) {
            System.err.println("usage: OnednnIterationProfile dcgan64|dcgan32 ITERATIONS WINDOWS_FILE");
            System.exit(2);
        }
        int iterations = Integer.parseInt(args[1]);
        try (ComputeContext context = BenchBackends.open("onednn");
                PrintWriter windows = new PrintWriter(Files.newBufferedWriter(Path.of(args[2]),
                        StandardCharsets.UTF_8))) {
            TrainingSetup setup = new TrainingSetup(context, args[0], TrainStepBenchmark.BATCH, 42);
            setup.iterate();
            setup.iterate();
            for (int i = 1; i <= iterations; i++) {
                double startEpoch = epochMillis();
                long start = System.nanoTime();
                setup.iterate();
                long end = System.nanoTime();
                double endEpoch = epochMillis();
                windows.printf(Locale.ROOT, "{\"model\":\"%s\",\"iteration\":%d,\"start_ms\":%.3f,\"end_ms\":%.3f,"
                        + "\"start_epoch_ms\":%.3f,\"end_epoch_ms\":%.3f,\"device\":\"%s\"}%n", args[0], i,
                        start / 1e6, end / 1e6, startEpoch, endEpoch, context.device().description());
            }
        }
    }
}
