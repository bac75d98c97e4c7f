package dev.cgan.backend.onednn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.api.BackendOptions;
import dev.cgan.api.Device;
import dev.cgan.api.autograd.GradientTape;
import dev.cgan.api.layer.BatchNorm2d;
import dev.cgan.api.layer.Conv2d;
import dev.cgan.api.layer.Layer;
import dev.cgan.api.layer.LeakyReLU;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorScope;
import org.junit.jupiter.api.Test;

/**
 * Tensor buffers are kept by size and reused ({@link BufferPool}): iterations that make the same tensors hold the same
 * native memory as the first one (memory stays flat without returning pages to the system), and a reused buffer gives
 * the same results as a fresh one (nothing of the previous tensor leaks into the next).
 */
class BufferPoolTest {

    @Test
    void repeatedIterationsReuseTheFirstOnesBuffersAndComputeTheSame() {
        try (OnednnContext context = (OnednnContext) new OnednnBackend().open(Device.cpu(), BackendOptions.defaults())) {
            Layer conv = context.layer(new Conv2d(3, 8, 4, 2, 1, false));
            Layer norm = context.layer(new BatchNorm2d(8));
            Layer act = context.layer(new LeakyReLU(0.2));
            float[] input = new float[2 * 3 * 16 * 16];
            for (int i = 0; i < input.length; i++) {
                input[i] = (float) Math.sin(i * 0.37);
            }
            long afterFirst = 0;
            float[] firstOutput = null;
            float[] firstGradient = null;
            for (int iteration = 0; iteration < 5; iteration++) {
                Tensor weight = conv.parameters().get("weight");
                weight.zeroGrad();
                try (TensorScope scope = context.scope(); GradientTape tape = context.record()) {
                    Tensor x = context.tensor(input, Shape.of(2, 3, 16, 16));
                    Tensor y = act.forward(norm.forward(conv.forward(x, true), true), true);
                    tape.backward(context.ops().mean(context.ops().dot(y, y)));
                    float[] output = y.toFloatArray();
                    float[] gradient = weight.grad().toFloatArray();
                    if (iteration == 0) {
                        firstOutput = output;
                        firstGradient = gradient;
                    } else {
                        assertArrayEquals(firstOutput, output, "iteration " + iteration + "'s output");
                        assertArrayEquals(firstGradient, gradient, "iteration " + iteration + "'s weight gradient");
                    }
                }
                if (iteration == 0) {
                    afterFirst = context.tensorBufferBytes();
                    assertTrue(afterFirst > 0, "the first iteration made its buffers");
                } else {
                    assertEquals(afterFirst, context.tensorBufferBytes(), "bytes of tensor buffers after iteration "
                            + iteration + " (the first one made " + afterFirst + ")");
                }
            }
        }
    }
}
