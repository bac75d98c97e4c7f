package dev.cgan.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cgan.api.BackendRegistry;
import dev.cgan.api.RequiredBackends;
import dev.cgan.core.checkpoint.CheckpointFile;
import dev.cgan.core.safetensors.SafeTensorsFile;
import dev.cgan.core.safetensors.StoredTensor;
import dev.cgan.core.train.EmaSetting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code train --ema DECAY [--ema-start ITER]}: its checks (one line, exit 2, nothing written), and what a run with it
 * leaves behind for {@code generate} and {@code export} — the moving average, said so — on {@link ToyBackend}.
 */
class EmaOptionTest {

    @TempDir
    Path dir;

    @Test
    void theOptionsBecomeTheCoresSetting() {
        assertEquals(EmaSetting.OFF, parse("train").settings().ema(), "off by default");
        assertEquals(new EmaSetting(0.999, 0), parse("train", "--ema", "0.999").settings().ema());
        assertEquals(new EmaSetting(0.99, 500), parse("train", "--ema", "0.99", "--ema-start", "500").settings()
                .ema());
    }

    @Test
    void aDecayOutsideZeroToOneIsOneLineAndExitCode2() throws Exception {
        Path data = ToyBackend.data(dir.resolve("data"), 16);
        for (String bad : List.of("1", "1.5", "0", "-0.5")) {
            Path out = dir.resolve("run-" + bad);
            CliRun r = train(data, out, "--ema", bad);
            assertEquals(2, r.exitCode(), r::err);
            assertEquals(List.of("cgan-cli: error: --ema must lie strictly between 0 and 1 (0.999 is usual), got "
                    + Double.parseDouble(bad)), r.errLines());
            assertFalse(Files.exists(out), "nothing written for a refused run");
        }
        CliRun negative = train(data, dir.resolve("neg"), "--ema", "0.9", "--ema-start", "-1");
        assertEquals(2, negative.exitCode());
        assertEquals(List.of("cgan-cli: error: --ema-start must be 0 or more, got -1"), negative.errLines());
        CliRun alone = train(data, dir.resolve("alone"), "--ema-start", "10");
        assertEquals(2, alone.exitCode());
        assertEquals(List.of("cgan-cli: error: --ema-start needs --ema DECAY (the moving average it starts)"),
                alone.errLines());
    }

    @Test
    void generateAndExportUseTheAverageOfAnEmaRun() throws Exception {
        Path data = ToyBackend.data(dir.resolve("data"), 16);
        Path plain = dir.resolve("plain");
        Path ema = dir.resolve("ema");
        CliRun trainPlain = train(data, plain);
        assertEquals(0, trainPlain.exitCode(), trainPlain::err);
        CliRun trainEma = train(data, ema, "--ema", "0.9");
        assertEquals(0, trainEma.exitCode(), trainEma::err);
        assertTrue(trainEma.out().contains("seed 42, generator EMA decay 0.9)"), trainEma.out());
        assertTrue(Files.readString(ema.resolve("summary.json")).contains("\"ema\": {\"decay\": 0.9, \"start\": 0}"));
        assertTrue(Files.readString(plain.resolve("summary.json")).contains("\"ema\": null"));
        assertTrue(Files.readString(ema.resolve("index.html")).contains("EMA on, decay 0.9"));

        CliRun export = CliRun.of(ToyBackend.only(), "export", "--run", ema.toString());
        assertEquals(0, export.exitCode(), export::err);
        assertTrue(export.out().contains("(iteration 3, EMA weights,"), export.out());
        Map<String, StoredTensor> checkpoint = CheckpointFile.read(CheckpointFile.locate(ema)).tensors();
        SafeTensorsFile exported = SafeTensorsFile.read(ema.resolve("generator.safetensors"));
        assertEquals("ema", exported.metadata().get("weights"));
        exported.tensors().forEach((name, t) -> assertArrayEquals(checkpoint.get("ema." + name).bytes(), t.bytes(),
                name));
        assertFalse(java.util.Arrays.equals(checkpoint.get("generator.0.weight").bytes(),
                exported.tensors().get("generator.0.weight").bytes()), "the average, not the trained weights");

        // Training is the same with and without the average, so generated images differ only by it.
        float[] fromPlain = generated(plain, "plain.safetensors");
        CliRun generate = CliRun.of(ToyBackend.only(), "--backend", ToyBackend.NAME, "generate", "--run",
                ema.toString(), "--dump-tensors", dir.resolve("ema.safetensors").toString());
        assertEquals(0, generate.exitCode(), generate::err);
        assertTrue(generate.out().contains("(iteration 3, EMA weights,"), generate.out());
        float[] fromEma = SafeTensorsFile.read(dir.resolve("ema.safetensors")).tensors().get("images").floats();
        assertFalse(java.util.Arrays.equals(fromPlain, fromEma), "generate uses the average");
    }

    @Test
    void evaluateMeasuresTheAverage() throws Exception {
        // Evaluation trains a real classifier, so this runs on DJL (the toy stand-in computes no usable features).
        var djl = BackendRegistry.load().all().stream().filter(b -> b.name().equals("djl")).findFirst();
        RequiredBackends.check("djl", djl);
        assumeTrue(djl.isPresent() && djl.get().availability().available(),
                () -> "DJL backend not usable here: " + djl.map(b -> b.availability().reason()).orElse("not found"));
        Path data = EvaluateEndToEndTest.writeBandedData(dir.resolve("data"));
        Path plain = dir.resolve("plain");
        Path ema = dir.resolve("ema");
        for (Path run : List.of(plain, ema)) {
            List<String> args = new ArrayList<>(List.of("--backend", "djl", "train", "--model", "mlp", "--data",
                    data.toString(), "--steps", "3", "--batch-size", "8", "--samples-per-class", "1", "--out",
                    run.toString(), "--eval-every", "3", "--classifier-cache", dir.resolve("cache").toString()));
            if (run == ema) {
                args.addAll(List.of("--ema", "0.5"));
            }
            CliRun r = CliRun.installed(args.toArray(String[]::new));
            assertEquals(0, r.exitCode(), r::err);
        }
        // --eval-every measures the average during training too.
        String plainLog = Files.readString(plain.resolve("eval.jsonl"));
        String emaLog = Files.readString(ema.resolve("eval.jsonl"));
        assertFalse(frechet(plainLog).equals(frechet(emaLog)), plainLog + " vs " + emaLog);

        String plainJson = evaluate(plain, false);
        String emaJson = evaluate(ema, true);
        // The same training with and without the average: the figures differ only if evaluate reads the average.
        assertFalse(frechet(plainJson).equals(frechet(emaJson)), plainJson + " vs " + emaJson);
    }

    private String evaluate(Path run, boolean averaged) throws Exception {
        CliRun r = CliRun.installed("--backend", "djl", "evaluate", "--run", run.toString(), "--samples-per-class",
                "10", "--classifier-epochs", "2", "--classifier-cache", dir.resolve("cache").toString());
        assertEquals(0, r.exitCode(), r::err);
        assertEquals(averaged, r.out().contains("(mlp, iteration 3, EMA weights)"), r.out());
        return Files.readString(run.resolve("evaluation.json"));
    }

    private static String frechet(String json) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"frechet_distance\": ?([^,}]+)").matcher(json);
        assertTrue(m.find(), json);
        return m.group(1);
    }

    @Test
    void resumingWithAnotherAverageIsRefused() throws Exception {
        Path data = ToyBackend.data(dir.resolve("data"), 16);
        Path run = dir.resolve("run");
        assertEquals(0, train(data, run, "--ema", "0.9").exitCode());
        CliRun r = CliRun.of(ToyBackend.only(), "--backend", ToyBackend.NAME, "train", "--data", data.toString(),
                "--steps", "6", "--batch-size", "8", "--samples-per-class", "1", "--resume", run.toString(),
                "--ema", "0.99");
        assertEquals(2, r.exitCode(), r::err);
        assertEquals(1, r.errLines().size(), r::err);
        assertTrue(r.errLines().get(0).endsWith("was trained with EMA decay 0.9 but this run has decay 0.99; resume "
                + "with the same --ema"), r.err());
    }

    private float[] generated(Path run, String file) throws Exception {
        CliRun r = CliRun.of(ToyBackend.only(), "--backend", ToyBackend.NAME, "generate", "--run", run.toString(),
                "--dump-tensors", dir.resolve(file).toString());
        assertEquals(0, r.exitCode(), r::err);
        assertFalse(r.out().contains("EMA"), r.out());
        return SafeTensorsFile.read(dir.resolve(file)).tensors().get("images").floats();
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
