package dev.cgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.api.BackendRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --nproc}: what is refused before any rank starts (one line, exit 2, no run directory), and how a rank's
 * command line is derived from the launcher's.
 */
class NprocOptionsTest {

    @TempDir
    Path dir;

    @Test
    void djlIsRefusedInOneLineNamingTheEnginesThatCan() {
        Path out = dir.resolve("run");
        CliRun r = CliRun.installed("--backend", "djl", "train", "--nproc", "2", "--out", out.toString());
        assertEquals(ExitCodes.USAGE, r.exitCode(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith(CliErrors.PREFIX + "--nproc cannot run the djl engine"), r.err());
        assertTrue(r.err().contains("use --backend nd4j, onednn"), r.err());
        assertTrue(Files.notExists(out), "no run directory");
    }

    /**
     * Without a GPU (here) jcuda is unavailable before --nproc is looked at; with one, --nproc refuses it (NCCL is not
     * implemented). Either way: one line, no run directory.
     */
    @Test
    void jcudaIsRefusedInOneLineWhateverTheMachine() {
        boolean usable = BackendRegistry.load().all().stream()
                .anyMatch(b -> b.name().equals("jcuda") && b.availability().available());
        Path out = dir.resolve("run");
        CliRun r = CliRun.installed("--backend", "jcuda", "train", "--nproc", "2", "--out", out.toString());
        assertEquals(1, r.errLines().size(), r.err());
        if (usable) {
            assertEquals(ExitCodes.USAGE, r.exitCode(), r.err());
            assertTrue(r.err().contains("--nproc with jcuda needs NCCL"), r.err());
        } else {
            assertEquals(ExitCodes.BACKEND_UNAVAILABLE, r.exitCode(), r.err());
            assertTrue(r.err().contains("backend 'jcuda' is not available"), r.err());
        }
        assertTrue(Files.notExists(out), "no run directory");
    }

    @Test
    void aBatchThatDoesNotSplitOverTheRanksIsRefused() {
        Path out = dir.resolve("run");
        CliRun r = CliRun.installed("--backend", "onednn", "train", "--nproc", "3", "--batch-size", "64", "--out",
                out.toString());
        assertEquals(ExitCodes.USAGE, r.exitCode(), r.err());
        assertEquals(List.of(CliErrors.PREFIX + "--batch-size 64 is the global batch and does not split evenly over "
                + "3 ranks; use a multiple of 3"), r.errLines());
        assertTrue(Files.notExists(out), "no run directory");
    }

    @Test
    void noRanksIsRefused() {
        CliRun r = CliRun.installed("--backend", "onednn", "train", "--nproc", "0");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r.err());
        assertEquals(List.of(CliErrors.PREFIX + "--nproc must be at least 1, got 0"), r.errLines());
    }

    @Test
    void aRankRunsTheLaunchersCommandWithoutNproc() {
        assertEquals(List.of("java", "-m", "x", "--backend", "onednn", "train", "--steps", "5"),
                LocalRanks.withoutNproc(List.of("java", "-m", "x", "--backend", "onednn", "train", "--nproc", "2",
                        "--steps", "5")));
        assertEquals(List.of("java", "train"), LocalRanks.withoutNproc(List.of("java", "--nproc=4", "train")));
    }
}
