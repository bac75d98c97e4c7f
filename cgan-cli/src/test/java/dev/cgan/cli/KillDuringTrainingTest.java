package dev.cgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.cgan.core.checkpoint.CheckpointFile;
import dev.cgan.core.checkpoint.CheckpointStore;
import dev.cgan.core.checkpoint.TrainingSnapshot;
import dev.cgan.core.output.MetricsLine;
import dev.cgan.core.output.MetricsLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training process killed with {@code kill -9} loses nothing but the iterations since its last checkpoint: after
 * each of {@value #KILLS} kills at random moments — a quarter of them timed to land inside a checkpoint save — the
 * newest checkpoint loads, and {@code --resume} in a new process continues from it; the run finally completes with
 * every iteration's metrics present exactly once.
 */
class KillDuringTrainingTest {

    private static final int KILLS = 20;
    private static final Duration PATIENCE = Duration.ofSeconds(180);

    @TempDir
    Path dir;

    @Test
    void theNewestCheckpointSurvivesEveryKillAndResumeContinues() throws Exception {
        assumeFalse(System.getProperty("os.name").startsWith("Windows"), "POSIX processes only");
        Path data = ToyBackend.data(dir.resolve("data"), 64);
        Path run = dir.resolve("run");
        CheckpointStore store = new CheckpointStore(run.resolve(CheckpointStore.DIRECTORY_NAME));
        Random random = new Random(9L);
        long latest = 0;
        int killedDuringSave = 0;

        for (int kill = 1; kill <= KILLS; kill++) {
            List<String> args = new ArrayList<>(trainArgs(data, run, 1_000_000));
            if (latest > 0) {
                args.addAll(List.of("--resume", run.toString()));
            }
            try (TrainingProcess p = TrainingProcess.start(dir.resolve("logs"), "run-" + kill, args)) {
                long before = latest;
                // Resuming worked once the process has written a checkpoint past the one it started from.
                p.await("checkpoint after iteration " + before, PATIENCE, Duration.ofMillis(20),
                        () -> newest(store) > before);
                if (kill % 4 == 0) {
                    p.await("checkpoint save in progress", PATIENCE, Duration.ofMillis(2),
                            () -> !partialCheckpoints(store).isEmpty());
                } else {
                    Thread.sleep(random.nextInt(400));
                }
                p.killHard();
            }
            if (!partialCheckpoints(store).isEmpty()) {
                killedDuringSave++;
            }
            Path newest = store.latest().orElseThrow();
            TrainingSnapshot snapshot = CheckpointFile.read(newest); // complete, or it would not load
            long iteration = snapshot.info().iteration();
            assertTrue(iteration > latest, "kill " + kill + ": progress from " + latest + " to " + iteration);
            assertEquals(newest, store.pathFor(iteration));
            latest = iteration;
        }
        assertTrue(killedDuringSave >= 1, "at least one kill interrupted a save: " + killedDuringSave);

        long end = latest + 3;
        CliRun finish = CliRun.of(ToyBackend.only(),
                Stream.concat(trainArgs(data, run, end).stream(), Stream.of("--resume", run.toString()))
                        .toArray(String[]::new));

        assertEquals(0, finish.exitCode(), finish.err());
        assertEquals(end, CheckpointFile.read(store.latest().orElseThrow()).info().iteration());
        assertEquals(List.of(), partialCheckpoints(store), "the completed save removed what the kills left");
        List<Long> iterations = MetricsLog.read(run.resolve("metrics.jsonl")).stream()
                .map(MetricsLine::iteration).toList();
        assertEquals(LongStream.rangeClosed(1, end).boxed().toList(), iterations,
                "every iteration's metrics exactly once, in order, across " + KILLS + " kills");
        System.out.printf("kill -9: %d kills, %d during a save, resumed to iteration %d%n", KILLS, killedDuringSave,
                end);
    }

    private static List<String> trainArgs(Path data, Path run, long steps) {
        return List.of("train", "--data", data.toString(), "--out", run.toString(), "--steps", String.valueOf(steps),
                "--batch-size", "8", "--checkpoint-every", "1", "--sample-every", "0", "--samples-per-class", "1");
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

    private static List<Path> partialCheckpoints(CheckpointStore store) {
        if (!Files.isDirectory(store.directory())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(store.directory())) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
