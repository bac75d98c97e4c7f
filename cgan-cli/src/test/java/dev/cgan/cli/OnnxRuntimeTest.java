package dev.cgan.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.cgan.api.Backend;
import dev.cgan.api.BackendOptions;
import dev.cgan.api.BackendRegistry;
import dev.cgan.api.ComputeContext;
import dev.cgan.api.Device;
import dev.cgan.core.checkpoint.GeneratorCheckpoint;
import dev.cgan.core.generate.Latents;
import dev.cgan.core.generate.TrainedGenerator;
import dev.cgan.core.model.ModelSpec;
import dev.cgan.core.safetensors.Json;
import dev.cgan.core.safetensors.SafeTensorsFile;
import dev.cgan.onnx.OnnxExport;
import dev.cgan.onnx.fixtures.RandomGenerators;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ONNX Runtime computes the engine's images from an exported generator, within {@value #TOLERANCE} everywhere:
 * <ul>
 *   <li>for each catalog model, a short run on DJL from image folders, {@code export --format onnx} and
 *       {@code generate --dump-tensors}, the ONNX model then run on the dumped noise and labels; the class names of
 *       the folders are in the model's metadata;</li>
 *   <li>through the API, generators with random weights and running statistics (far from their initial values, so
 *       that evaluation-mode BatchNorm matters): the catalog's and two test models that use every other layer
 *       (Conv2d, LeakyReLU, Maxout, a non-default BatchNorm epsilon, convolution biases), on one-hot labels and a mix
 *       of two.</li>
 * </ul>
 * Skipped with the reason where the DJL backend is not usable.
 */
class OnnxRuntimeTest {

    private static final double TOLERANCE = 1e-5;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"dcgan32", "dcgan64", "mlp"})
    void exportOfATrainedRunGeneratesTheEnginesImages(String model) throws Exception {
        djl();
        Path data = ImageFolders.threeClasses(dir.resolve("data"), 4);
        Path run = dir.resolve("run");
        CliRun train = CliRun.installed("--backend", "djl", "train", "--model", model, "--data", data.toString(),
                "--steps", "2", "--batch-size", "4", "--samples-per-class", "1", "--out", run.toString());
        assertEquals(0, train.exitCode(), train::err);
        CliRun export = CliRun.installed("export", "--run", run.toString(), "--format", "onnx");
        assertEquals(0, export.exitCode(), export::err);
        assertTrue(export.out().contains("as ONNX (opset 13"), export.out());
        Path onnx = run.resolve("generator.onnx");
        assertTrue(Files.isRegularFile(onnx), export.out());
        Path tensors = dir.resolve("tensors.safetensors");
        CliRun generate = CliRun.installed("--backend", "djl", "generate", "--run", run.toString(), "--count", "3",
                "--seed", "5", "--dump-tensors", tensors.toString());
        assertEquals(0, generate.exitCode(), generate::err);

        var dump = SafeTensorsFile.read(tensors).tensors();
        float[] noise = dump.get("noise").floats();
        float[] labels = dump.get("labels").floats();
        float[] images = dump.get("images").floats();
        int n = dump.get("noise").shape().dim(0);
        assertEquals(9, n, "3 images for each of 3 classes");
        try (Onnx session = new Onnx(Files.readAllBytes(onnx))) {
            assertEquals(List.of("disks", "squares", "stripes"), Json.parse(session.metadata().get("classes")));
            assertEquals(model, session.metadata().get("model"));
            Output out = session.run(noise, labels, n, dump.get("noise").shape().dim(1),
                    dump.get("labels").shape().dim(1));
            assertArrayEquals(toLongs(dump.get("images").shape().dims()), out.shape());
            report(model + " trained 2 iterations, " + n + " images", images, out.values());
        }
    }

    @Test
    void everyLayerMatchesTheEngineWithRandomWeightsAndStatistics() throws Exception {
        Backend djl = djl();
        List<ModelSpec> models = new ArrayList<>();
        for (String name : List.of("dcgan32", "dcgan64", "mlp")) {
            models.add(RandomGenerators.catalog(name).model());
        }
        models.add(RandomGenerators.convolutional());
        models.add(RandomGenerators.branchedMaxout());
        try (ComputeContext context = djl.open(Device.cpu(), BackendOptions.defaults())) {
            long seed = 20;
            for (ModelSpec model : models) {
                GeneratorCheckpoint g = RandomGenerators.of(model, seed++);
                int n = 5;
                float[] noise = Latents.noise(seed, n, model.zDim());
                float[] labels = new float[n * model.numClasses()];
                for (int i = 0; i < n - 1; i++) {
                    labels[i * model.numClasses() + i % model.numClasses()] = 1f;
                }
                System.arraycopy(Latents.labelMix(0, 2, 0.25, model.numClasses()), 0, labels,
                        (n - 1) * model.numClasses(), model.numClasses());
                float[] engine = new TrainedGenerator(context, g).generate(noise, labels, n);
                try (Onnx session = new Onnx(OnnxExport.toBytes(g))) {
                    Output out = session.run(noise, labels, n, model.zDim(), model.numClasses());
                    assertArrayEquals(new long[] {n, model.channels(), model.imageSize(), model.imageSize()},
                            out.shape());
                    report(model.name() + " random weights, " + n + " images", engine, out.values());
                }
            }
        }
    }

    private static void report(String what, float[] engine, float[] onnx) {
        assertEquals(engine.length, onnx.length, what);
        double max = 0;
        for (int i = 0; i < engine.length; i++) {
            max = Math.max(max, Math.abs((double) engine[i] - onnx[i]));
        }
        System.out.printf(Locale.ROOT, "ONNX %s: max |ONNX Runtime - djl| = %.3g over %d values%n", what, max,
                engine.length);
        assertTrue(max <= TOLERANCE, what + ": max abs difference " + max + " > " + TOLERANCE);
    }

    private static long[] toLongs(int[] dims) {
        long[] out = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = dims[i];
        }
        return out;
    }

    private static Backend djl() {
        var djl = BackendRegistry.load().all().stream().filter(b -> b.name().equals("djl")).findFirst();
        assumeTrue(djl.isPresent() && djl.get().availability().available(),
                () -> "DJL backend not usable here: " + djl.map(b -> b.availability().reason()).orElse("not found"));
        return djl.get();
    }

    private record Output(float[] values, long[] shape) {
    }

    /** One ONNX Runtime session on a model, with ONNX Runtime's default (full) graph optimisations. */
    private static final class Onnx implements AutoCloseable {

        private final OrtEnvironment env = OrtEnvironment.getEnvironment();
        private final OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        private final OrtSession session;

        Onnx(byte[] model) throws Exception {
            options.setIntraOpNumThreads(1);
            session = env.createSession(model, options);
        }

        Map<String, String> metadata() throws Exception {
            return session.getMetadata().getCustomMetadata();
        }

        Output run(float[] noise, float[] labels, int n, int zDim, int classes) throws Exception {
            try (OnnxTensor z = OnnxTensor.createTensor(env, FloatBuffer.wrap(noise), new long[] {n, zDim});
                 OnnxTensor y = OnnxTensor.createTensor(env, FloatBuffer.wrap(labels), new long[] {n, classes});
                 OrtSession.Result result = session.run(Map.of("z", z, "label", y))) {
                OnnxTensor image = (OnnxTensor) result.get("image").orElseThrow();
                FloatBuffer buffer = image.getFloatBuffer();
                float[] values = new float[buffer.remaining()];
                buffer.get(values);
                return new Output(values, image.getInfo().getShape());
            }
        }

        @Override
        public void close() throws Exception {
            session.close();
            options.close();
        }
    }
}
