package dev.cgan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cgan.api.BackendRegistry;
import dev.cgan.api.RequiredBackends;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cgan-cli train --model mlp} then {@code cgan-cli evaluate} on the real DJL backend, on a small data set whose
 * three classes are easy to tell apart (a bright band at a class-specific height): the classifier must learn them,
 * the figures must be printed and saved, and a second evaluation must reuse the cached classifier.
 */
class EvaluateEndToEndTest {

    private static final int IMAGES = 300;
    private static final int CLASSES = 3;

    @TempDir
    Path dir;

    @Test
    void evaluatesAnMlpRunAndCachesTheClassifier() throws Exception {
        var djl = BackendRegistry.load().all().stream().filter(b -> b.name().equals("djl")).findFirst();
        RequiredBackends.check("djl", djl);
        assumeTrue(djl.isPresent() && djl.get().availability().available(),
                () -> "DJL backend not usable here: " + djl.map(b -> b.availability().reason()).orElse("not found"));
        Path data = writeBandedData(dir.resolve("data"));
        Path run = dir.resolve("run");
        Path cache = dir.resolve("cache");

        CliRun train = CliRun.installed("--backend", "djl", "train", "--model", "mlp", "--data", data.toString(),
                "--steps", "3", "--batch-size", "8", "--samples-per-class", "2", "--out", run.toString());
        assertEquals(0, train.exitCode(), () -> train.out() + train.err());

        String[] evaluate = {"--backend", "djl", "evaluate", "--run", run.toString(), "--samples-per-class", "20",
            "--classifier-epochs", "15", "--classifier-cache", cache.toString()};
        CliRun first = CliRun.installed(evaluate);
        assertEquals(0, first.exitCode(), () -> first.out() + first.err());
        assertTrue(first.out().contains("training the classifier on 250 real images"), first.out());
        double ceiling = percent(first.out(), "classifier accuracy on 50 real test images \\(ceiling\\):");
        assertTrue(ceiling >= 90, "the bands are learnable: " + first.out());
        percent(first.out(), "generated images classified as their label:");
        assertTrue(first.out().contains("Frechet distance"), first.out());

        String json = Files.readString(run.resolve("evaluation.json"));
        for (String key : new String[] {"\"model\": \"mlp\"", "\"iteration\": 3", "\"classifier_test_accuracy\"",
            "\"generated_accuracy\"", "\"per_class_accuracy\"", "\"frechet_distance\"", "\"band-0\"",
            "\"samples_per_class\": 20", "\"classifier_trained_now\": true"}) {
            assertTrue(json.contains(key), key + " in " + json);
        }
        try (var files = Files.list(cache)) {
            assertEquals(1, files.filter(p -> p.getFileName().toString().endsWith("-djl.safetensors")).count());
        }

        CliRun second = CliRun.installed(evaluate);
        assertEquals(0, second.exitCode(), () -> second.out() + second.err());
        assertTrue(second.out().contains("classifier loaded from " + cache), second.out());
        assertFalse(second.out().contains("training the classifier"), second.out());
        assertEquals(ceiling, percent(second.out(), "\\(ceiling\\):"), 1e-9, "the cached classifier is the same");
        assertTrue(Files.readString(run.resolve("evaluation.json")).contains("\"classifier_trained_now\": false"));
    }

    @Test
    void trainingWithEvalEveryWritesTheEvaluationLogAndPlot() throws Exception {
        var djl = BackendRegistry.load().all().stream().filter(b -> b.name().equals("djl")).findFirst();
        RequiredBackends.check("djl", djl);
        assumeTrue(djl.isPresent() && djl.get().availability().available(),
                () -> "DJL backend not usable here: " + djl.map(b -> b.availability().reason()).orElse("not found"));
        Path data = writeBandedData(dir.resolve("data"));
        Path run = dir.resolve("run");

        CliRun train = CliRun.installed("--backend", "djl", "train", "--model", "dcgan32", "--data", data.toString(),
                "--steps", "3", "--batch-size", "8", "--samples-per-class", "2", "--eval-every", "2",
                "--classifier-cache", dir.resolve("cache").toString(), "--out", run.toString());

        assertEquals(0, train.exitCode(), () -> train.out() + train.err());
        List<String> lines = Files.readAllLines(run.resolve("eval.jsonl"));
        assertEquals(2, lines.size(), "iteration 2 and the end: " + lines);
        assertTrue(lines.get(0).startsWith("{\"iteration\":2,"), lines.get(0));
        assertTrue(lines.get(1).startsWith("{\"iteration\":3,"), lines.get(1));
        byte[] png = Files.readAllBytes(run.resolve("eval.png"));
        assertEquals('P', png[1], "eval.png is a PNG");
    }

    @Test
    void aRunWithoutCheckpointIsAOneLineInputError() {
        CliRun r = CliRun.installed("evaluate", "--run", dir.resolve("nothing").toString());
        assertEquals(ExitCodes.USAGE, r.exitCode(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("--run"), r.err());
    }

    private static double percent(String out, String label) {
        Matcher m = Pattern.compile(label + "\\s+([0-9.]+)%").matcher(out);
        assertTrue(m.find(), label + " in " + out);
        return Double.parseDouble(m.group(1));
    }

    /** 28×28 images: dark noise with a bright horizontal band whose height depends on the class. */
    static Path writeBandedData(Path data) throws IOException {
        Files.createDirectories(data);
        Random r = new Random(7);
        byte[] pixels = new byte[IMAGES * 28 * 28];
        byte[] labels = new byte[IMAGES];
        for (int i = 0; i < IMAGES; i++) {
            int label = i % CLASSES;
            labels[i] = (byte) label;
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    boolean band = y >= 4 + 8 * label && y < 8 + 8 * label;
                    pixels[(i * 28 + y) * 28 + x] = (byte) (band ? 200 + r.nextInt(56) : r.nextInt(40));
                }
            }
        }
        Files.write(data.resolve("train-images-idx3-ubyte"), idx(0x0803, new int[] {IMAGES, 28, 28}, pixels));
        Files.write(data.resolve("train-labels-idx1-ubyte"), idx(0x0801, new int[] {IMAGES}, labels));
        Files.writeString(data.resolve("classes.txt"), "band-0\nband-1\nband-2\n");
        return data;
    }

    private static byte[] idx(int magic, int[] dims, byte[] values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(magic);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(values);
        }
        return bytes.toByteArray();
    }
}
