package dev.cgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What {@code train} makes of its command line, before anything is loaded. */
class TrainOptionsTest {

    private static TrainCommand parse(String... args) {
        CommandLine cmd = CliRun.commandLine(List.of());
        CommandLine.ParseResult parsed = cmd.parseArgs(args);
        return (TrainCommand) parsed.subcommand().commandSpec().userObject();
    }

    @Test
    void defaultsAreTheReadmeRun() {
        TrainSettings s = parse("train").settings();

        assertEquals("dcgan32", s.model());
        assertNull(s.data(), "the embedded Fashion-MNIST");
        assertEquals(TrainCommand.DEFAULT_STEPS, s.steps());
        assertEquals(0, s.epochs());
        assertEquals(64, s.batchSize());
        assertEquals(2e-4, s.lr(), 0);
        assertEquals(42, s.seed());
        assertEquals(Path.of("runs", "dcgan32-20260102-030405"), s.out(), "runs/<model>-<timestamp>");
        assertNull(s.sampleEvery(), "decided once the run's length is known");
        assertNull(s.resume());
    }

    @Test
    void everyOptionIsTakenAsGiven() {
        TrainSettings s = parse("train", "--model", "DCGAN64", "--data", ".", "--epochs", "3", "--batch-size", "16",
                "--lr", "1e-3", "--seed", "7", "--out", "here", "--sample-every", "5", "--checkpoint-every", "0",
                "--samples-per-class", "4").settings();

        assertEquals("dcgan64", s.model(), "model names are case-insensitive");
        assertEquals(Path.of("."), s.data());
        assertEquals(0, s.steps());
        assertEquals(3, s.epochs());
        assertEquals(16, s.batchSize());
        assertEquals(1e-3, s.lr(), 0);
        assertEquals(7, s.seed());
        assertEquals(Path.of("here"), s.out());
        assertEquals(5, s.sampleEvery());
        assertEquals(0, s.checkpointEvery());
        assertEquals(4, s.samplesPerClass());
    }

    @Test
    void globalOptionsWorkBeforeAndAfterTheSubcommand() {
        CommandLine before = CliRun.commandLine(List.of());
        before.parseArgs("--backend", "djl", "--threads", "2", "train");
        CommandLine after = CliRun.commandLine(List.of());
        after.parseArgs("train", "--backend", "djl", "--threads", "2");

        for (CommandLine cmd : List.of(before, after)) {
            GlobalOptions g = ((Main) cmd.getCommandSpec().userObject()).globalOptions();
            assertEquals("djl", g.backend());
            assertEquals(2, g.threads());
            assertNull(g.device(), "the backend's first device");
        }
    }

    @Test
    void badValuesAreUsageErrors() {
        assertThrows(UsageException.class, () -> parse("train", "--steps", "3", "--epochs", "1").settings());
        assertThrows(UsageException.class, () -> parse("train", "--batch-size", "0").settings());
        assertThrows(UsageException.class, () -> parse("train", "--lr", "-1").settings());
        assertThrows(UsageException.class, () -> parse("train", "--sample-every", "-5").settings());
    }

    @Test
    void resumingDefaultsTheOutputToTheResumedRun() {
        Path run = Path.of("runs", "x").toAbsolutePath();
        assertEquals(run, TrainCommand.runOf(run));
        assertEquals(run, TrainCommand.runOf(run.resolve("checkpoint")));
    }

    @Test
    void helpDocumentsTheExitCodes() {
        CliRun r = CliRun.of(List.of(), "train", "--help");

        assertEquals(0, r.exitCode());
        for (String code : List.of("2", "3", "4", "5", "130")) {
            assertTrue(r.out().lines().anyMatch(l -> l.strip().startsWith(code + " ")), "exit code " + code);
        }
    }
}
