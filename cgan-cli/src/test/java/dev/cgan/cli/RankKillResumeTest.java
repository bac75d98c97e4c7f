package dev.cgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cgan.core.checkpoint.CheckpointFile;
import dev.cgan.core.checkpoint.CheckpointStore;
import dev.cgan.core.output.MetricsLine;
import dev.cgan.core.output.MetricsLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data-parallel failure a user meets, end to end with real processes: {@code cgan-cli --backend onednn train
 * --nproc 2} runs two ranks; one rank's process is killed ({@code kill -9}) mid-run; the other ends within the rank
 * timeout with one line that names the dead rank; {@code --resume} with {@code --nproc 1} continues from the last
 * checkpoint to the end, every iteration's metrics present exactly once.
 */
class RankKillResumeTest {

    private static final long STEPS = 24;
    private static final int RANK_TIMEOUT_SECONDS = 20;
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @Test
    void aKilledRankEndsTheOtherWithOneLineAndTheRunResumesInOneProcess() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "Linux processes (/proc) only");
        Path data = ToyBackend.data(dir.resolve("data"), 64);
        Path run = dir.resolve("run");
        CheckpointStore store = new CheckpointStore(run.resolve(CheckpointStore.DIRECTORY_NAME));
        Path logs = dir.resolve("logs");

        long killedAt;
        try (TrainingProcess launcher = TrainingProcess.start(logs, "nproc2", Main.class.getName(),
                args(data, run, "--nproc", "2"))) {
            launcher.await("a checkpoint of iteration 2 or later", PATIENCE, Duration.ofMillis(50),
                    () -> newest(store) >= 2);
            ProcessHandle rank1 = rank(launcher.pid(), 1).orElseThrow(() -> new AssertionError("no rank 1 among "
                    + "the launcher's children"));
            assertTrue(rank1.destroyForcibly(), "kill -9 rank 1");
            killedAt = System.nanoTime();
            int code = launcher.waitFor(Duration.ofSeconds(RANK_TIMEOUT_SECONDS + 30));
            double seconds = (System.nanoTime() - killedAt) / 1e9;
            assertNotEquals(0, code, launcher.err());
            assertTrue(seconds < RANK_TIMEOUT_SECONDS, "ended " + seconds + " s after the kill");
            List<String> errors = launcher.err().lines().filter(l -> l.startsWith(CliErrors.PREFIX)).toList();
            assertEquals(1, errors.size(), launcher.err());
            assertTrue(errors.get(0).startsWith(CliErrors.PREFIX + "rank 0: all-reduce failed: rank 1 died or hangs"),
                    errors.get(0));
            assertTrue(errors.get(0).endsWith("continue from the last checkpoint with --resume"), errors.get(0));
            System.out.printf("rank 1 killed; the run ended %.1f s later (exit %d): %s%n", seconds, code,
                    errors.get(0));
        }
        long resumedFrom = newest(store);
        assertTrue(resumedFrom >= 2 && resumedFrom < STEPS, "stopped mid-run at a checkpoint: " + resumedFrom);

        try (TrainingProcess resume = TrainingProcess.start(logs, "resume", Main.class.getName(),
                args(data, run, "--nproc", "1", "--resume", run.toString()))) {
            assertEquals(0, resume.waitFor(PATIENCE), resume.err());
        }
        assertEquals(STEPS, CheckpointFile.read(store.latest().orElseThrow()).info().iteration());
        List<Long> iterations = MetricsLog.read(run.resolve("metrics.jsonl")).stream()
                .map(MetricsLine::iteration).toList();
        assertEquals(LongStream.rangeClosed(1, STEPS).boxed().toList(), iterations,
                "every iteration's metrics exactly once, resumed from " + resumedFrom);
    }

    private static List<String> args(Path data, Path run, String... more) {
        List<String> args = new ArrayList<>(List.of("--backend", "onednn", "train", "--model", "dcgan32", "--data",
                data.toString(), "--out", run.toString(), "--steps", Long.toString(STEPS), "--batch-size", "8",
                "--checkpoint-every", "2", "--sample-every", "0", "--samples-per-class", "1",
                "--rank-timeout", Integer.toString(RANK_TIMEOUT_SECONDS)));
        args.addAll(List.of(more));
        return args;
    }

    /** The launcher's child whose environment says {@code RANK=rank}. */
    private static Optional<ProcessHandle> rank(long launcher, int rank) {
        return ProcessHandle.of(launcher).orElseThrow().children()
                .filter(p -> environment(p.pid()).contains("RANK=" + rank)).findFirst();
    }

    private static List<String> environment(long pid) {
        try {
            return List.of(new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")),
                    StandardCharsets.UTF_8).split("\0"));
        } catch (IOException e) {
            return List.of();
        }
    }

    private static long newest(CheckpointStore store) {
        try {
            return store.latest().map(p -> {
                String name = p.getFileName().toString();
                return Long.parseLong(name.substring("iter-".length(), name.indexOf('.')));
            }).orElse(0L);
        } catch (RuntimeException e) {
            return 0; // the folder is being written to
        }
    }
}
