package dev.cgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.api.Backend;
import dev.cgan.api.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's mistake gets one line on stderr, starting {@code cgan-cli: error:}, and a documented exit code. */
class CliErrorsTest {

    private static final List<Backend> BACKENDS = List.of(
            StandInBackend.available("fast", 100, Device.cpu()),
            StandInBackend.unavailable("cuda", 200, "no CUDA driver: libcuda.so.1 not found"));

    @TempDir
    Path dir;

    private static void assertOneErrorLine(CliRun r, String... expectedParts) {
        assertEquals(1, r.errLines().size(), "exactly one line on stderr, got:\n" + r.err());
        String line = r.errLines().get(0);
        assertTrue(line.startsWith("cgan-cli: error: "), line);
        for (String part : expectedParts) {
            assertTrue(line.contains(part), "'" + part + "' in: " + line);
        }
        assertTrue(!r.err().contains("\tat "), "no stack trace");
    }

    @Test
    void anUnknownBackendListsTheKnownOnes() {
        CliRun r = CliRun.of(BACKENDS, "--backend", "foo", "train");

        assertNotEquals(0, r.exitCode());
        assertEquals(ExitCodes.USAGE, r.exitCode());
        assertOneErrorLine(r, "unknown backend 'foo'", "cuda", "fast");
    }

    @Test
    void aMissingDataDirectoryIsNamed() {
        Path missing = dir.resolve("nonexistent");

        CliRun r = CliRun.of(BACKENDS, "train", "--data", missing.toString());

        assertEquals(ExitCodes.USAGE, r.exitCode());
        assertOneErrorLine(r, "--data", missing.toString());
    }

    @Test
    void corruptDataIsAUsageError() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        Files.write(data.resolve("train-images-idx3-ubyte"), new byte[] {1, 2, 3});
        Files.write(data.resolve("train-labels-idx1-ubyte"), new byte[] {4, 5});

        CliRun r = CliRun.of(BACKENDS, "train", "--data", data.toString(), "--out", dir.resolve("run").toString());

        assertEquals(ExitCodes.USAGE, r.exitCode());
        assertOneErrorLine(r, "train-images-idx3-ubyte");
    }

    @Test
    void anUnknownModelListsTheKnownOnes() {
        CliRun r = CliRun.of(BACKENDS, "train", "--model", "resnet");

        assertEquals(ExitCodes.USAGE, r.exitCode());
        assertOneErrorLine(r, "unknown model 'resnet'", "dcgan32", "dcgan64");
    }

    @Test
    void anUnknownOptionPointsToHelp() {
        CliRun r = CliRun.of(BACKENDS, "train", "--stpes", "3");

        assertEquals(ExitCodes.USAGE, r.exitCode());
        assertOneErrorLine(r, "--stpes", "cgan-cli train --help");
    }

    @Test
    void anUnavailableBackendSaysWhy() {
        CliRun r = CliRun.of(BACKENDS, "--backend", "cuda", "train");

        assertEquals(ExitCodes.BACKEND_UNAVAILABLE, r.exitCode());
        assertOneErrorLine(r, "backend 'cuda' is not available", "libcuda.so.1");
    }

    @Test
    void aMissingDeviceListsThoseThereAre() {
        CliRun r = CliRun.of(BACKENDS, "--device", "gpu:1", "train");

        assertEquals(ExitCodes.BACKEND_UNAVAILABLE, r.exitCode());
        assertOneErrorLine(r, "no device gpu:1", "cpu");
    }

    @Test
    void aMalformedDeviceIsAUsageError() {
        CliRun r = CliRun.of(BACKENDS, "--device", "tpu", "train");

        assertEquals(ExitCodes.USAGE, r.exitCode());
        assertOneErrorLine(r, "unknown device 'tpu'");
    }

    @Test
    void anUnwritableOutputIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "a file, not a directory");

        CliRun r = CliRun.of(BACKENDS, "train", "--out", file.toString());

        assertEquals(ExitCodes.USAGE, r.exitCode());
        assertOneErrorLine(r, file.toString());
    }

    @Test
    void aBackendThatRefusesToOpenLeavesNoRunDirectory() {
        Path out = dir.resolve("runs").resolve("refused");

        CliRun r = CliRun.of(BACKENDS, "train", "--out", out.toString());

        assertEquals(ExitCodes.BACKEND_UNAVAILABLE, r.exitCode());
        assertOneErrorLine(r, "stand-in backend fast cannot compute");
        assertTrue(Files.notExists(out), "no empty run directory left behind");
    }

    @Test
    void noAvailableBackendIsExitCode3() {
        CliRun r = CliRun.of(List.of(StandInBackend.unavailable("cuda", 1, "no GPU")), "train");

        assertEquals(ExitCodes.BACKEND_UNAVAILABLE, r.exitCode());
        assertOneErrorLine(r, "no backend is available", "cuda: no GPU");
    }

    @Test
    void onlyTheFirstLineOfAMessageIsShown() {
        assertEquals("first", CliErrors.oneLine("first\nsecond"));
        assertEquals("", CliErrors.oneLine(null));
    }
}
