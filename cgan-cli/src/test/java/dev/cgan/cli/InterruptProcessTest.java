package dev.cgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.cgan.core.checkpoint.CheckpointFile;
import dev.cgan.core.checkpoint.CheckpointStore;
import dev.cgan.core.output.MetricsLine;
import dev.cgan.core.output.MetricsLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (SIGINT) — and a polite kill (SIGTERM), as a batch system sends before it kills — stops a training process
 * cleanly: it finishes the iteration, writes a checkpoint of it, says how to resume, and exits 128 + the signal.
 */
class InterruptProcessTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "SIG{0} exits {1}")
    @CsvSource({"INT, 130", "TERM, 143"})
    void aSignalWritesACheckpointSaysHowToResumeAndExits(String signal, int exitCode) throws Exception {
        assumeFalse(System.getProperty("os.name").startsWith("Windows"), "POSIX signals only");
        assumeFalse(signal.equals("INT") && ignoresSigint(),
                "SIGINT is ignored by this test process (the build was started in the background, where shells"
                        + " ignore it) and so by the child it starts; SIGTERM is checked instead");
        Path data = ToyBackend.data(dir.resolve("data"), 64);
        Path run = dir.resolve("run");
        Path metrics = run.resolve("metrics.jsonl");
        CheckpointStore store = new CheckpointStore(run.resolve(CheckpointStore.DIRECTORY_NAME));
        List<String> args = List.of("train", "--data", data.toString(), "--out", run.toString(), "--steps",
                "1000000", "--batch-size", "8", "--checkpoint-every", "0", "--sample-every", "0",
                "--samples-per-class", "1");

        int code;
        String out;
        String err;
        try (TrainingProcess p = TrainingProcess.start(dir.resolve("logs"), "train", args)) {
            p.await("metrics", Duration.ofSeconds(180), Duration.ofMillis(20),
                    () -> Files.exists(metrics) && size(metrics) > 0);
            assertTrue(store.list().isEmpty(), "no checkpoint before the signal (--checkpoint-every 0)");
            p.signal(signal);
            code = p.waitFor(Duration.ofSeconds(180));
            out = p.out();
            err = p.err();
        }

        assertEquals(exitCode, code, () -> "stdout:\n" + out + "\nstderr:\n" + err);
        assertTrue(err.contains("cgan-cli: interrupted; finishing the current iteration and writing a checkpoint"),
                err);
        assertTrue(out.contains("Continue with the same options plus: --resume " + run), out);
        long last = CheckpointFile.read(store.latest().orElseThrow()).info().iteration();
        List<MetricsLine> lines = MetricsLog.read(metrics);
        assertEquals(last, lines.get(lines.size() - 1).iteration(), "the checkpoint is of the last iteration run");
        assertTrue(Files.readString(run.resolve("summary.json")).contains("\"stop_reason\": \"interrupted\""));

        String[] resume = List.of("train", "--data", data.toString(), "--steps", String.valueOf(last + 2),
                "--batch-size", "8", "--samples-per-class", "1", "--resume", run.toString()).toArray(String[]::new);
        CliRun resumed = CliRun.of(ToyBackend.only(), resume);
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertEquals(last + 2, CheckpointFile.read(store.latest().orElseThrow()).info().iteration());
    }

    /** Whether this process ignores SIGINT (Linux: bit 1 of {@code SigIgn} in {@code /proc/self/status}). */
    private static boolean ignoresSigint() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) {
                    return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 0b10) != 0;
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return false;
        }
        return false;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
