package dev.cgan.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.api.tensor.Tensor;
import dev.cgan.core.checkpoint.CheckpointException;
import dev.cgan.core.fakes.ToyContext;
import dev.cgan.core.model.Generator;
import dev.cgan.core.model.ModelCatalog;
import dev.cgan.core.model.ModelSpec;
import dev.cgan.core.safetensors.DType;
import dev.cgan.core.safetensors.StoredTensor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link GeneratorAverage} on numbers worked out by hand: every parameter and running statistic of a dcgan32
 * generator set to one value, then to others after each "optimizer step".
 */
class GeneratorAverageTest {

    private final ToyContext context = new ToyContext();
    private final ModelSpec model = ModelCatalog.byName("dcgan32", 10, 1);
    private final Generator trained = new Generator(context, model);

    @Test
    void eachUpdateKeepsDecayOfTheAverageAndOneMinusDecayOfTheWeights() {
        setAll(1f);
        GeneratorAverage average = new GeneratorAverage(context, model, trained, new EmaSetting(0.75, 0));
        setAll(3f);
        average.update(1); // 0.75 * 1 + 0.25 * 3 = 1.5
        setAll(7f);
        average.update(2); // 0.75 * 1.5 + 0.25 * 7 = 1.125 + 1.75 = 2.875

        Map<String, StoredTensor> tensors = average.tensors(2);
        assertTrue(tensors.containsKey("ema.generator.0.weight"), tensors.keySet().toString());
        assertTrue(tensors.containsKey("ema.generator.1.running_var"), "statistics are averaged too");
        int floats = 0;
        for (var e : tensors.entrySet()) {
            if (e.getValue().dtype() == DType.F32) {
                assertAll(2.875f, e.getValue().floats(), e.getKey());
                floats++;
            } else {
                assertEquals("num_batches_tracked", e.getKey().substring(e.getKey().lastIndexOf('.') + 1));
                assertArrayEquals(new long[] {2}, e.getValue().longs(), e.getKey());
            }
        }
        assertEquals(trained.network().state().size(), floats, "every parameter and buffer");
        for (var e : average.generator().network().state().entrySet()) {
            assertAll(2.875f, e.getValue().toFloatArray(), "the backend's copy of " + e.getKey());
        }
        for (var e : trained.network().state().entrySet()) {
            assertAll(7f, e.getValue().toFloatArray(), "the trained generator is left alone: " + e.getKey());
        }
    }

    @Test
    void iterationsBeforeTheStartCopyTheWeights() {
        setAll(1f);
        GeneratorAverage average = new GeneratorAverage(context, model, trained, new EmaSetting(0.75, 3));
        setAll(3f);
        average.update(1); // copy: 3
        setAll(7f);
        average.update(2); // copy: 7
        assertAll(7f, average.tensors(2).get("ema.generator.0.weight").floats(), "copied before iteration 3");
        setAll(11f);
        average.update(3); // 0.75 * 7 + 0.25 * 11 = 5.25 + 2.75 = 8
        assertAll(8f, average.tensors(3).get("ema.generator.0.weight").floats(), "averaged from iteration 3");
    }

    @Test
    void restoreLoadsTheAverageAndRefusesACheckpointWithoutOne() {
        setAll(1f);
        GeneratorAverage saved = new GeneratorAverage(context, model, trained, new EmaSetting(0.5, 0));
        setAll(5f);
        saved.update(1); // 3
        Map<String, StoredTensor> tensors = saved.tensors(1);

        GeneratorAverage fresh = new GeneratorAverage(context, model, trained, new EmaSetting(0.5, 0));
        fresh.restore(tensors, "test");
        assertAll(3f, fresh.tensors(1).get("ema.generator.3.weight").floats(), "restored");
        fresh.update(2); // 0.5 * 3 + 0.5 * 5 = 4
        assertAll(4f, fresh.tensors(2).get("ema.generator.3.weight").floats(), "continued from the restored one");

        Map<String, StoredTensor> lacking = new HashMap<>(tensors);
        lacking.remove("ema.generator.0.weight");
        CheckpointException e = assertThrows(CheckpointException.class, () -> fresh.restore(lacking, "ckpt"));
        assertTrue(e.getMessage().startsWith("ckpt lacks ema.generator.0.weight"), e.getMessage());
        assertAll(4f, fresh.tensors(2).get("ema.generator.3.weight").floats(), "nothing copied from a bad file");
    }

    private void setAll(float value) {
        for (Tensor t : trained.network().state().values()) {
            float[] v = new float[(int) t.shape().size()];
            Arrays.fill(v, value);
            t.copyFrom(v);
        }
    }

    private static void assertAll(float expected, float[] values, String what) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] != expected) {
                throw new AssertionError(what + "[" + i + "] = " + values[i] + ", expected " + expected);
            }
        }
    }
}
