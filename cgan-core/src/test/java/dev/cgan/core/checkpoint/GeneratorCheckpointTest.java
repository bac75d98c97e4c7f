package dev.cgan.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.core.data.FashionMnist;
import dev.cgan.core.fakes.ToyContext;
import dev.cgan.core.model.ModelCatalog;
import dev.cgan.core.model.ModelSpec;
import dev.cgan.core.safetensors.DType;
import dev.cgan.core.safetensors.SafeTensorsFile;
import dev.cgan.core.safetensors.StoredTensor;
import dev.cgan.core.train.Trainer;
import dev.cgan.core.train.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator read out of a training checkpoint, and exported alone under PyTorch's names. */
class GeneratorCheckpointTest {

    /**
     * PyTorch's {@code Generator(100, 10, 1, "dcgan32").state_dict().keys()} for the seed's models.py:
     * nn.Sequential(ConvT 0, BN 1, ReLU 2, ConvT 3, BN 4, ReLU 5, ConvT 6, BN 7, ReLU 8, ConvT 9, Tanh 10).
     */
    private static final List<String> PYTORCH_KEYS = pytorchKeys();

    @TempDir
    Path dir;

    private static List<String> pytorchKeys() {
        List<String> keys = new ArrayList<>();
        for (int block : new int[] {0, 3, 6}) {
            keys.add("generator." + block + ".weight");
            for (String b : List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked")) {
                keys.add("generator." + (block + 1) + "." + b);
            }
        }
        keys.add("generator.9.weight");
        return keys;
    }

    private Path trainTwoSteps() {
        Path run = dir.resolve("run");
        TrainingConfig config = new TrainingConfig("dcgan32", null, 2, 0, 4, 2e-4, 0.5, 0.999, 3, 0, 0, 1, run);
        new Trainer(new ToyContext(), config, FashionMnist.embedded(), List.of()).run();
        return run;
    }

    @Test
    void aTrainingCheckpointYieldsTheGeneratorUnderPyTorchNames() {
        Path run = trainTwoSteps();
        GeneratorCheckpoint g = GeneratorCheckpoint.read(run);

        assertEquals("dcgan32", g.model().name());
        assertEquals(1, g.model().channels());
        assertEquals(FashionMnist.CLASS_NAMES, g.classNames());
        assertEquals(2, g.iteration());
        assertEquals(PYTORCH_KEYS, new ArrayList<>(g.tensors().keySet()));
        TrainingSnapshot full = CheckpointFile.read(CheckpointFile.locate(run));
        g.tensors().forEach((name, t) -> assertArrayEquals(full.tensors().get(name).bytes(), t.bytes(), name));
    }

    /**
     * The channels are read from the generator's last layer: the MLP's is a Linear {@code [channels * 28 * 28, 1200]}
     * under a section name ({@code generator.joint.3.weight}), not a transposed convolution {@code generator.N}.
     */
    @Test
    void exportsOfEveryModelAndChannelCountReadBack() {
        for (String name : List.of("mlp", "dcgan32", "dcgan64")) {
            for (int channels : new int[] {1, 3}) {
                ModelSpec model = ModelCatalog.byName(name, 4, channels);
                Map<String, StoredTensor> tensors = new LinkedHashMap<>();
                GeneratorCheckpoint.layout(model.generator()).forEach((key, layout) -> tensors.put(key,
                        layout.dtype() == DType.I64 ? StoredTensor.ofLongs(layout.shape(), new long[1])
                                : StoredTensor.ofFloats(layout.shape(), new float[(int) layout.shape().size()])));
                Path file = dir.resolve(name + "-" + channels + ".safetensors");
                new GeneratorCheckpoint(model, List.of("a", "b", "c", "d"), 5, tensors, file).export(file);

                GeneratorCheckpoint read = GeneratorCheckpoint.read(file);
                assertEquals(name, read.model().name());
                assertEquals(channels, read.model().channels(), name);
                assertEquals(new ArrayList<>(tensors.keySet()), new ArrayList<>(read.tensors().keySet()), name);
            }
        }
    }

    @Test
    void anExportHoldsOnlyTheGeneratorAndDescribesItself() throws IOException {
        GeneratorCheckpoint g = GeneratorCheckpoint.read(trainTwoSteps());
        Path file = dir.resolve("g.safetensors");
        g.export(file);

        SafeTensorsFile written = SafeTensorsFile.read(file);
        assertEquals(PYTORCH_KEYS, new ArrayList<>(written.tensors().keySet()));
        Map<String, String> m = written.metadata();
        assertEquals("cgan-generator", m.get("format"));
        assertEquals("dcgan32", m.get("model"));
        assertEquals("100", m.get("z_dim"));
        assertEquals("1", m.get("channels"));
        assertEquals("32", m.get("image_size"));
        assertEquals("2", m.get("iteration"));
        assertTrue(m.get("classes").startsWith("[\"T-shirt/top\","), m.get("classes"));

        GeneratorCheckpoint again = GeneratorCheckpoint.read(file);
        assertEquals(g.classNames(), again.classNames());
        assertEquals(g.model(), again.model());
        g.tensors().forEach((name, t) -> assertArrayEquals(t.bytes(), again.tensors().get(name).bytes(), name));
    }

    @Test
    void corruptOrForeignFilesFailInOneLine() throws IOException {
        Path junk = Files.writeString(dir.resolve("junk.safetensors"), "not a safetensors file at all");
        CheckpointException e = assertThrows(CheckpointException.class, () -> GeneratorCheckpoint.read(junk));
        assertTrue(e.getMessage().contains("corrupt or truncated"), e.getMessage());
        CheckpointException none = assertThrows(CheckpointException.class,
                () -> GeneratorCheckpoint.read(Files.createDirectories(dir.resolve("empty"))));
        assertTrue(none.getMessage().contains("holds no checkpoint"), none.getMessage());
    }
}
