package dev.cgan.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.core.safetensors.DType;
import dev.cgan.core.safetensors.StoredTensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDictTest {

    @TempDir
    Path dir;

    @Test
    void namesAndOrderFollowPyTorchStateDict() {
        Map<String, StoredTensor> tensors = StateDict.capture(Fixtures.networks(1, 250));
        List<String> names = List.copyOf(tensors.keySet());
        // ConvTranspose2d (no bias), then BatchNorm2d with its counter last, as torch's state_dict lists them.
        assertEquals(List.of("generator.0.weight", "generator.1.weight", "generator.1.bias",
                "generator.1.running_mean", "generator.1.running_var", "generator.1.num_batches_tracked",
                "generator.3.weight"), names.subList(0, 7));
        assertTrue(names.contains("discriminator.0.weight"));
        assertFalse(names.contains("discriminator.1.num_batches_tracked"), "layer 1 of D is a LeakyReLU");
        assertTrue(names.contains("discriminator.3.num_batches_tracked"));
        assertTrue(names.indexOf("discriminator.0.weight") < names.indexOf("optimizer.generator.0.weight.exp_avg"),
                "model tensors come before optimizer state");
        assertTrue(names.contains("optimizer.generator.1.weight.exp_avg_sq"));
        assertTrue(names.contains("optimizer.discriminator.step"));
    }

    @Test
    void countersAreI64ScalarsHoldingForwardPassesAndSteps() {
        Map<String, StoredTensor> tensors = StateDict.capture(Fixtures.networks(1, 250));
        StoredTensor g = tensors.get("generator.1.num_batches_tracked");
        assertEquals(DType.I64, g.dtype());
        assertEquals(Shape.scalar(), g.shape());
        assertEquals(250, g.longs()[0]);
        assertEquals(750, tensors.get("discriminator.3.num_batches_tracked").longs()[0],
                "D runs three times per iteration");
        assertEquals(250, tensors.get("optimizer.generator.step").longs()[0]);
        assertEquals(DType.F32, tensors.get("generator.0.weight").dtype());
        assertEquals(Shape.of(110, 256, 4, 4), tensors.get("generator.0.weight").shape());
    }

    @Test
    void aCheckpointFileRestoresEveryValueIntoFreshNetworks() {
        List<TrainedNetwork> original = Fixtures.networks(7, 1200);
        Path file = dir.resolve("c.safetensors");
        CheckpointFile.write(file, new TrainingSnapshot(Fixtures.info(1200, dir),
                StateDict.capture(original)));

        TrainingSnapshot read = CheckpointFile.read(file);
        List<TrainedNetwork> restored = Fixtures.blankNetworks();
        StateDict.restore(read.tensors(), restored, "test");

        for (int n = 0; n < 2; n++) {
            assertSameState(original.get(n), restored.get(n));
        }
    }

    @Test
    void aMismatchIsRejectedBeforeAnythingIsCopied() {
        Map<String, StoredTensor> good = StateDict.capture(Fixtures.networks(3, 10));

        Map<String, StoredTensor> wrongShape = new LinkedHashMap<>(good);
        wrongShape.put("discriminator.0.weight", StoredTensor.ofFloats(Shape.of(2), new float[2]));
        assertRejectedUntouched(wrongShape, "discriminator.0.weight is F32[2]");

        Map<String, StoredTensor> missing = new LinkedHashMap<>(good);
        missing.remove("optimizer.generator.3.weight.exp_avg");
        assertRejectedUntouched(missing, "lacks 1 of the model's");

        Map<String, StoredTensor> extra = new LinkedHashMap<>(good);
        extra.put("generator.99.weight", StoredTensor.ofFloats(Shape.of(1), new float[1]));
        assertRejectedUntouched(extra, "holds generator.99.weight");
    }

    private static void assertRejectedUntouched(Map<String, StoredTensor> tensors, String expected) {
        List<TrainedNetwork> target = Fixtures.blankNetworks();
        float[] before = target.get(0).network().parameters().get("generator.0.weight").toFloatArray();
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> StateDict.restore(tensors, target, "checkpoint x.safetensors"));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().startsWith("checkpoint x.safetensors"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertArrayEquals(before, target.get(0).network().parameters().get("generator.0.weight").toFloatArray());
        assertEquals(0, target.get(0).optimizer().steps());
    }

    private static void assertSameState(TrainedNetwork expected, TrainedNetwork actual) {
        Map<String, Tensor> a = expected.network().state();
        Map<String, Tensor> b = actual.network().state();
        assertEquals(a.keySet(), b.keySet());
        a.forEach((name, t) -> assertArrayEquals(t.toFloatArray(), b.get(name).toFloatArray(), name));
        for (int i = 0; i < expected.optimizer().parameters().size(); i++) {
            Map<String, Tensor> sa = expected.optimizer().state(i);
            Map<String, Tensor> sb = actual.optimizer().state(i);
            for (String key : sa.keySet()) {
                assertArrayEquals(sa.get(key).toFloatArray(), sb.get(key).toFloatArray(), "param " + i + " " + key);
            }
        }
        assertEquals(expected.optimizer().steps(), actual.optimizer().steps());
    }
}
