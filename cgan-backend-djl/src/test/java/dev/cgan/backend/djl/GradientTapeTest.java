package dev.cgan.backend.djl;

import static dev.cgan.backend.djl.Fixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cgan.api.autograd.GradientTape;
import dev.cgan.api.layer.Layer;
import dev.cgan.api.layer.Linear;
import dev.cgan.api.layer.Sigmoid;
import dev.cgan.api.loss.Loss;
import dev.cgan.api.loss.LossSpec;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The tape's PyTorch semantics: accumulation, detach, one tape per context, and the GAN's two-backward pattern. */
class GradientTapeTest extends SharedCpuContext {

    @Test
    void gradientsAccumulateAcrossBackwardCallsAndTapes() {
        Tensor x = context.tensor(new float[] {1, 2}, Shape.of(2)).requireGrad();
        Tensor a = context.tensor(new float[] {3, 4}, Shape.of(2));
        try (GradientTape tape = context.record()) {
            tape.backward(ops.dot(x, a));
            tape.backward(ops.dot(x, a));
        }
        try (GradientTape tape = context.record()) {
            tape.backward(ops.dot(x, a));
        }
        assertArrayEquals(new float[] {9, 12}, x.grad().toFloatArray());
    }

    @Test
    void oneTapeAtATimeAndScalarLossesOnly() {
        try (GradientTape tape = context.record()) {
            assertThrows(IllegalStateException.class, context::record);
            Tensor x = context.tensor(new float[] {1, 2}, Shape.of(2)).requireGrad();
            assertThrows(IllegalArgumentException.class, () -> tape.backward(x));
        }
        try (GradientTape tape = context.record()) {
            // a new tape opens once the last one is closed
        }
    }

    /**
     * The CGAN iteration: D's loss on a detached fake batch, backward, then G's loss through D on the same fake
     * batch, backward, on one tape. G's gradients must equal those of a fresh graph, and D's gradient from the first
     * backward must not include the fake batch's path into G.
     */
    @Test
    void twoBackwardsThroughADetachedAndThenTheLiveFakeBatch() {
        SplittableRandom random = new SplittableRandom(11);
        Layer g = context.layer(new Linear(3, 4, true));
        Layer d = context.layer(new Linear(4, 1, true));
        Layer sigmoid = context.layer(new Sigmoid());
        for (Layer layer : new Layer[] {g, d}) {
            for (Tensor p : layer.parameters().values()) {
                p.copyFrom(Fixtures.uniform(random, (int) p.shape().size(), -1, 1));
            }
        }
        Loss bce = context.loss(new LossSpec.BinaryCrossEntropy());
        Tensor z = context.tensor(Fixtures.uniform(random, 2 * 3, -1, 1), Shape.of(2, 3));
        Tensor ones = context.tensor(new float[] {1, 1}, Shape.of(2, 1));
        Tensor zeros = context.zeros(Shape.of(2, 1));

        // reference: G's gradient alone, on a fresh graph
        try (GradientTape tape = context.record()) {
            Tensor fake = g.forward(z, true);
            tape.backward(bce.compute(sigmoid.forward(d.forward(fake, true), true), ones));
        }
        float[] expectedGWeight = g.parameters().get("weight").grad().toFloatArray();
        g.parameters().values().forEach(Tensor::zeroGrad);
        d.parameters().values().forEach(Tensor::zeroGrad);

        try (GradientTape tape = context.record()) {
            Tensor fake = g.forward(z, true);
            Tensor lossD = bce.compute(sigmoid.forward(d.forward(fake.detach(), true), true), zeros);
            tape.backward(lossD);
            assertArrayEquals(new float[12], g.parameters().get("weight").grad().toFloatArray(),
                    "no gradient reaches G through the detached batch");
            Tensor lossG = bce.compute(sigmoid.forward(d.forward(fake, true), true), ones);
            tape.backward(lossG);
        }
        assertClose("G weight gradient", expectedGWeight, g.parameters().get("weight").grad().toFloatArray(), 1e-7,
                1e-6);
    }
}
