package dev.cgan.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.core.checkpoint.CheckpointFile;
import dev.cgan.core.checkpoint.CheckpointInfo;
import dev.cgan.core.checkpoint.GeneratorCheckpoint;
import dev.cgan.core.checkpoint.TrainingSnapshot;
import dev.cgan.core.data.SamplerState;
import dev.cgan.core.safetensors.DType;
import dev.cgan.core.safetensors.StoredTensor;
import dev.cgan.core.train.EmaSetting;
import dev.cgan.core.train.TrainingConfig;
import dev.cgan.onnx.fixtures.RandomGenerators;
import dev.cgan.onnx.proto.OnnxProtos.ModelProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ONNX export of a training checkpoint of an {@code --ema} run holds the moving average (the checkpoint's
 * {@code ema.generator.*} tensors) as its weights, and says so in its metadata ({@code weights: ema}).
 */
class OnnxExportOfAnAverageTest {

    @TempDir
    Path dir;

    @Test
    void theAverageIsWhatTheOnnxModelComputesWith() throws Exception {
        GeneratorCheckpoint trained = RandomGenerators.catalog("dcgan32");
        Map<String, StoredTensor> tensors = new LinkedHashMap<>(trained.tensors());
        Map<String, StoredTensor> average = new LinkedHashMap<>();
        trained.tensors().forEach((name, t) -> {
            if (t.dtype() == DType.F32) {
                float[] v = t.floats();
                for (int i = 0; i < v.length; i++) {
                    v[i] = v[i] * 0.5f + 0.25f; // anything that differs from the trained weights
                }
                average.put("ema." + name, StoredTensor.ofFloats(t.shape(), v));
            } else {
                average.put("ema." + name, t);
            }
        });
        tensors.putAll(average);
        TrainingConfig config = new TrainingConfig("dcgan32", null, 12, 0, 8, 2e-4, 0.5, 0.999, 1, 0, 0, 1, null,
                new EmaSetting(0.999, 0));
        Path checkpoint = dir.resolve("iter-000000012.safetensors");
        CheckpointFile.write(checkpoint, new TrainingSnapshot(new CheckpointInfo(12, config,
                RandomGenerators.CLASSES, 24, "test", 1, new SamplerState(0, 0, 1)), tensors));

        GeneratorCheckpoint read = GeneratorCheckpoint.read(checkpoint);
        assertTrue(read.averaged());
        Path onnx = dir.resolve("g.onnx");
        OnnxExport.write(read, onnx);
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(onnx));

        Map<String, String> meta = new HashMap<>();
        model.getMetadataPropsList().forEach(e -> meta.put(e.getKey(), e.getValue()));
        assertEquals("ema", meta.get("weights"));
        Map<String, byte[]> init = new HashMap<>();
        model.getGraph().getInitializerList().forEach(t -> init.put(t.getName(), t.getRawData().toByteArray()));
        int checked = 0;
        for (var e : average.entrySet()) {
            if (e.getValue().dtype() == DType.F32) {
                String name = e.getKey().substring("ema.".length());
                assertArrayEquals(e.getValue().bytes(), init.get(name), name);
                assertFalse(java.util.Arrays.equals(trained.tensors().get(name).bytes(), init.get(name)), name);
                checked++;
            }
        }
        assertTrue(checked > 10, "every weight and statistic: " + checked);
    }
}
