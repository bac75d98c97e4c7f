package dev.cgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.core.checkpoint.CheckpointFile;
import dev.cgan.core.train.DiffAugmentPolicy;
import dev.cgan.core.train.DiffAugmentSetting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code train --diffaugment POLICIES}: the core's setting, its refusals (one line, exit 2, nothing written), and what
 * a run with it says and records, on {@link ToyBackend}.
 */
class DiffAugmentOptionTest {

    @TempDir
    Path dir;

    @Test
    void theOptionBecomesTheCoresSetting() {
        assertEquals(DiffAugmentSetting.OFF, parse("train").settings().diffAugment(), "off by default");
        assertEquals(List.of(DiffAugmentPolicy.COLOR, DiffAugmentPolicy.TRANSLATION, DiffAugmentPolicy.CUTOUT),
                parse("train", "--diffaugment", "color,translation,cutout").settings().diffAugment().policies());
        assertEquals(List.of(DiffAugmentPolicy.CUTOUT),
                parse("train", "--diffaugment", "cutout").settings().diffAugment().policies());
    }

    @Test
    void anUnknownPolicyIsOneLineNamingTheKnownOnesAndExitCode2() throws Exception {
        Path data = ToyBackend.data(dir.resolve("data"), 16);
        Path out = dir.resolve("run");
        CliRun r = train(data, out, "--diffaugment", "color,flip");
        assertEquals(2, r.exitCode(), r::err);
        assertEquals(List.of("cgan-cli: error: --diffaugment has no policy 'flip'; use a comma-separated list of "
                + "color, translation, cutout"), r.errLines());
        assertFalse(Files.exists(out), "nothing written for a refused run");
        CliRun twice = train(data, out, "--diffaugment", "color,color");
        assertEquals(2, twice.exitCode(), twice::err);
        assertEquals(1, twice.errLines().size(), twice::err);
    }

    @Test
    void aRunSaysAndRecordsItsPoliciesAndResumesOnlyWithThem() throws Exception {
        Path data = ToyBackend.data(dir.resolve("data"), 16);
        Path run = dir.resolve("run");
        CliRun r = train(data, run, "--diffaugment", "translation,cutout");
        assertEquals(0, r.exitCode(), r::err);
        assertTrue(r.out().contains("seed 42, DiffAugment translation,cutout)"), r.out());
        assertTrue(Files.readString(run.resolve("summary.json"))
                .contains("\"diffaugment\": [\"translation\", \"cutout\"]"));
        assertTrue(Files.readString(run.resolve("index.html")).contains("translation, cutout"));
        assertEquals("translation,cutout",
                CheckpointFile.read(CheckpointFile.locate(run)).info().toMetadata().get("config.diffaugment"));

        CliRun other = CliRun.of(ToyBackend.only(), "--backend", ToyBackend.NAME, "train", "--data", data.toString(),
                "--steps", "6", "--batch-size", "8", "--samples-per-class", "1", "--resume", run.toString());
        assertEquals(2, other.exitCode(), other::err);
        assertEquals(1, other.errLines().size(), other::err);
        assertTrue(other.errLines().get(0).endsWith("was trained with DiffAugment translation,cutout but this run has "
                + "off; resume with the same --diffaugment"), other.err());
    }

    private static CliRun train(Path data, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("--backend", ToyBackend.NAME, "train", "--data", data.toString(),
                "--steps", "3", "--batch-size", "8", "--samples-per-class", "1", "--out", out.toString()));
        args.addAll(List.of(extra));
        return CliRun.of(ToyBackend.only(), args.toArray(String[]::new));
    }

    private static TrainCommand parse(String... args) {
        CommandLine cmd = CliRun.commandLine(List.of());
        return (TrainCommand) cmd.parseArgs(args).subcommand().commandSpec().userObject();
    }
}
