package dev.cgan.backend.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.api.autograd.GradientTape;
import dev.cgan.api.layer.Dropout;
import dev.cgan.api.layer.DropoutMask;
import dev.cgan.api.layer.Layer;
import dev.cgan.api.layer.LayerSpec;
import dev.cgan.api.layer.Linear;
import dev.cgan.api.layer.Maxout;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorScope;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The MLP's layers at the paper's sizes on the DJL backend: repeatable, finite gradients; dropout's stream. */
class MlpLayersTest extends SharedCpuContext {

    @Test
    void linearAndMaxoutGradientsAtPaperSizesAreRepeatable() {
        for (LayerSpec spec : new LayerSpec[] {new Linear(784, 1200, true), new Maxout(784, 240, 5)}) {
            Layer layer = context.layer(spec);
            Random r = new Random(1);
            layer.parameters().values().forEach(p -> p.copyFrom(gaussian(r, p.shape().sizeAsInt(), 0.02)));
            float[] x = gaussian(r, 64 * 784, 1);
            float[] first = null;
            for (int repeat = 0; repeat < 30; repeat++) {
                float[] grad = weightGradient(layer, x);
                for (float g : grad) {
                    assertTrue(Float.isFinite(g), spec + " gradient not finite at repeat " + repeat);
                }
                if (first == null) {
                    first = grad;
                } else {
                    assertArrayEquals(first, grad, 1e-4f, spec + " gradient changed at repeat " + repeat);
                }
            }
        }
    }

    @Test
    void dropoutMasksFollowTheStreamAcrossCalls() {
        Layer dropout = context.layer(new Dropout(0.5, 99));
        DropoutMask expected = new DropoutMask(99);
        float[] ones = new float[40];
        java.util.Arrays.fill(ones, 1f);
        for (int call = 0; call < 3; call++) {
            try (TensorScope scope = context.scope()) {
                float[] out = dropout.forward(context.tensor(ones, Shape.of(4, 10)), true).toFloatArray();
                assertArrayEquals(expected.nextScales(40, 0.5), out, "call " + call);
            }
        }
        try (TensorScope scope = context.scope()) {
            assertArrayEquals(ones, dropout.forward(context.tensor(ones, Shape.of(4, 10)), false).toFloatArray());
        }
        assertEquals(0.0, new DropoutMask(5).nextScales(10, 1.0)[3], "p = 1 drops everything");
    }

    private float[] weightGradient(Layer layer, float[] x) {
        Tensor weight = layer.parameters().get("weight");
        weight.zeroGrad();
        try (TensorScope scope = context.scope(); GradientTape tape = context.record()) {
            Tensor input = context.tensor(x, Shape.of(64, 784));
            Tensor out = layer.forward(input, true);
            Random r = new Random(2);
            tape.backward(ops.dot(out, context.tensor(gaussian(r, out.shape().sizeAsInt(), 1), out.shape())));
            return weight.grad().toFloatArray();
        }
    }

    private static float[] gaussian(Random r, int n, double std) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * std);
        }
        return v;
    }

    @Test
    void aFreshDropoutLayerGivenTheRandomStateRepeatsTheMasksThatFollowed() {
        Layer first = context.layer(new Dropout(0.5, 31));
        Layer other = context.layer(new Dropout(0.5, 31));
        assertEquals(java.util.OptionalLong.of(31), first.randomState(), "a new layer's stream is at its seed");
        float[] ones = new float[48];
        java.util.Arrays.fill(ones, 1f);
        try (TensorScope scope = context.scope()) {
            first.forward(context.tensor(ones, Shape.of(6, 8)), true);
            first.forward(context.tensor(ones, Shape.of(6, 8)), false);
            other.restoreRandomState(first.randomState().getAsLong());
            float[] next = first.forward(context.tensor(ones, Shape.of(6, 8)), true).toFloatArray();
            assertArrayEquals(next, other.forward(context.tensor(ones, Shape.of(6, 8)), true).toFloatArray());
            assertEquals(first.randomState(), other.randomState());
            // Without the restore the second call's mask would be the first's: check that they differ.
            Layer unrestored = context.layer(new Dropout(0.5, 31));
            assertFalse(java.util.Arrays.equals(next,
                    unrestored.forward(context.tensor(ones, Shape.of(6, 8)), true).toFloatArray()));
        }
    }
}
