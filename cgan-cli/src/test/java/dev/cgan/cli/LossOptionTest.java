package dev.cgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cgan.api.BackendRegistry;
import dev.cgan.api.RequiredBackends;
import dev.cgan.core.checkpoint.CheckpointFile;
import dev.cgan.core.train.GanLoss;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code train --loss bce|hinge}: parsing, the refusals (one line, exit 2, nothing written), and on DJL a short
 * sngan32 run: hinge by default, recorded in its checkpoint and summary, and a resume with another loss refused.
 */
class LossOptionTest {

    @TempDir
    Path dir;

    @Test
    void theOptionBecomesTheCoresSetting() {
        assertNull(parse("train").settings().loss(), "no --loss: the model's default");
        assertEquals(GanLoss.HINGE, parse("train", "--model", "sngan32", "--loss", "HINGE").settings().loss());
        assertEquals(GanLoss.BCE, parse("train", "--model", "sngan64", "--loss", "bce").settings().loss());
        assertEquals(GanLoss.BCE, parse("train", "--loss", "bce").settings().loss());
    }

    @Test
    void anUnknownLossOrHingeOnASigmoidIsOneLineAndExitCode2() throws Exception {
        Path data = ToyBackend.data(dir.resolve("data"), 16);
        Path out = dir.resolve("foo");
        CliRun foo = train(data, out, "--loss", "foo");
        assertEquals(2, foo.exitCode(), foo::err);
        assertEquals(List.of("cgan-cli: error: unknown --loss 'foo': use bce or hinge"), foo.errLines());
        assertFalse(Files.exists(out), "nothing written for a refused run");
        for (String model : List.of("dcgan32", "dcgan64", "mlp")) {
            Path o = dir.resolve(model);
            CliRun r = train(data, o, "--model", model, "--loss", "hinge");
            assertEquals(2, r.exitCode(), r::err);
            assertEquals(List.of("cgan-cli: error: --loss hinge needs a discriminator that outputs raw scores; "
                    + model + " ends in a Sigmoid: use bce"), r.errLines());
            assertFalse(Files.exists(o), "nothing written for a refused run");
        }
    }

    @Test
    void sngan32TrainsWithHingeByDefaultAndResumesOnlyWithIt() throws Exception {
        var djl = BackendRegistry.load().all().stream().filter(b -> b.name().equals("djl")).findFirst();
        RequiredBackends.check("djl", djl);
        assumeTrue(djl.isPresent() && djl.get().availability().available(),
                () -> "DJL backend not usable here: " + djl.map(b -> b.availability().reason()).orElse("not found"));
        Path data = ImageFolders.threeClasses(dir.resolve("images"), 4);
        Path run = dir.resolve("run");
        CliRun train = CliRun.installed("--backend", "djl", "train", "--model", "sngan32", "--data", data.toString(),
                "--steps", "2", "--batch-size", "4", "--samples-per-class", "1", "--out", run.toString());
        assertEquals(0, train.exitCode(), train::err);
        assertFalse(train.out().contains("loss hinge"), "the model's own loss goes unsaid: " + train.out());
        assertTrue(Files.readString(run.resolve("summary.json")).contains("\"loss\": \"hinge\""));
        Path checkpoint = CheckpointFile.locate(run);
        assertEquals(GanLoss.HINGE, CheckpointFile.read(checkpoint).info().config().loss());

        CliRun other = CliRun.installed("--backend", "djl", "train", "--model", "sngan32", "--data", data.toString(),
                "--steps", "3", "--batch-size", "4", "--samples-per-class", "1", "--resume", run.toString(),
                "--loss", "bce");
        assertEquals(2, other.exitCode(), other::err);
        assertEquals(1, other.errLines().size(), other::err);
        assertTrue(other.errLines().get(0).endsWith("was trained with loss hinge but this run has bce; resume with "
                + "the same --loss"), other.err());

        Path bce = dir.resolve("bce");
        CliRun withBce = CliRun.installed("--backend", "djl", "train", "--model", "sngan32", "--data", data.toString(),
                "--steps", "1", "--batch-size", "4", "--samples-per-class", "1", "--out", bce.toString(), "--loss",
                "bce");
        assertEquals(0, withBce.exitCode(), withBce::err);
        assertTrue(withBce.out().contains(", loss bce)"), "another loss than the model's is said: " + withBce.out());
        assertEquals(GanLoss.BCE, CheckpointFile.read(CheckpointFile.locate(bce)).info().config().loss());
    }

    private static CliRun train(Path data, Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("--backend", ToyBackend.NAME, "train", "--data",
                data.toString(), "--steps", "3", "--batch-size", "8", "--samples-per-class", "1", "--out",
                out.toString()));
        args.addAll(List.of(extra));
        return CliRun.of(ToyBackend.only(), args.toArray(String[]::new));
    }

    private static TrainCommand parse(String... args) {
        CommandLine cmd = CliRun.commandLine(List.of());
        return (TrainCommand) cmd.parseArgs(args).subcommand().commandSpec().userObject();
    }
}
