package dev.cgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cgan.core.checkpoint.CheckpointFile;
import dev.cgan.core.checkpoint.CheckpointStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An output that stops being writable in the middle of a run — a disk that fills, a checkpoint that cannot be put in
 * place — ends the run with one line saying what failed, which checkpoint is the last good one and how to continue;
 * the last good checkpoint is complete and no partial file is left.
 */
class DiskFullTest {

    @TempDir
    Path dir;

    @Test
    void aCheckpointThatCannotBePutInPlaceEndsTheRunWithTheLastGoodOne() throws Exception {
        Path data = ToyBackend.data(dir.resolve("data"), 64);
        Path run = dir.resolve("run");
        // A non-empty folder where the checkpoint of iteration 2 must go: it is written in full, and then its rename
        // fails, the last moment a save can fail. Fails for every user, root included.
        Files.createDirectories(run.resolve("checkpoint/iter-000000002.safetensors/occupied"));

        CliRun r = CliRun.of(ToyBackend.only(), args(data, run));

        assertFailedAfterTheFirstCheckpoint(r, run, "cannot write checkpoint " + run.resolve("checkpoint"));
    }

    @Test
    void aDiskThatFillsEndsTheRunWithTheLastGoodCheckpoint() throws Exception {
        assumeFalse(System.getProperty("os.name").startsWith("Windows"), "tmpfs is Linux's");
        Path data = ToyBackend.data(dir.resolve("data"), 64);
        // How much one checkpoint of this run takes: the small disk holds one and a half.
        Path probe = dir.resolve("probe");
        assertEquals(0, CliRun.of(ToyBackend.only(), "train", "--data", data.toString(), "--out", probe.toString(),
                "--steps", "1", "--batch-size", "8", "--samples-per-class", "1").exitCode());
        long checkpointBytes;
        try (Stream<Path> files = Files.list(probe.resolve("checkpoint"))) {
            checkpointBytes = Files.size(files.findFirst().orElseThrow());
        }
        Path disk = Files.createDirectory(dir.resolve("small-disk"));
        long kilobytes = (checkpointBytes * 3 / 2 + 256 * 1024) / 1024;
        String refused = run("mount", "-t", "tmpfs", "-o", "size=" + kilobytes + "k", "cgan-disk-full-test",
                disk.toString());
        assumeTrue(refused == null, () -> "mounting a small tmpfs is not permitted here (" + refused + "); "
                + "aCheckpointThatCannotBePutInPlaceEndsTheRunWithTheLastGoodOne covers the failure path");
        try {
            Path run = disk.resolve("run");

            CliRun r = CliRun.of(ToyBackend.only(), args(data, run));

            assertFailedAfterTheFirstCheckpoint(r, run, "No space left on device");
        } finally {
            String failed = run("umount", disk.toString());
            assertEquals(null, failed, "unmounting the test's tmpfs");
        }
    }

    private static String[] args(Path data, Path run) {
        return new String[] {"train", "--data", data.toString(), "--out", run.toString(), "--steps", "5",
            "--batch-size", "8", "--samples-per-class", "1", "--checkpoint-every", "1", "--sample-every", "0"};
    }

    private static void assertFailedAfterTheFirstCheckpoint(CliRun r, Path run, String problem) throws IOException {
        assertEquals(ExitCodes.USAGE, r.exitCode(), () -> "stdout:\n" + r.out() + "\nstderr:\n" + r.err());
        assertEquals(1, r.errLines().size(), r.err());
        String line = r.errLines().get(0);
        Path lastGood = run.resolve("checkpoint/iter-000000001.safetensors");
        for (String part : List.of(CliErrors.PREFIX, problem, "the last good checkpoint is " + lastGood,
                "continue with --resume " + run)) {
            assertTrue(line.contains(part), "'" + part + "' in: " + line);
        }
        System.out.println("[error line] " + line);
        assertEquals(1, CheckpointFile.read(lastGood).info().iteration(), "the last good checkpoint loads");
        assertEquals(List.of(lastGood), new CheckpointStore(run.resolve("checkpoint")).list());
        try (Stream<Path> files = Files.walk(run)) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList(),
                    "no partial file left");
        }
    }

    /** Runs a command; null when it succeeded, else what it said. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return String.join(" ", command) + " did not finish";
        }
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + said;
    }
}
