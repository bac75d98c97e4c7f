package dev.cgan.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cgan.api.ComputeContext;
import dev.cgan.api.autograd.GradientTape;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tape of backward closures has PyTorch's semantics: accumulation, detach, and consumed graphs. */
class GradientTapeTest {

    private ComputeContext context;

    @BeforeEach
    void open() {
        context = Fixtures.cpu();
    }

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void aTensorUsedTwiceGetsTheSumOfBothGradientsAndGradientsAccumulateAcrossCalls() {
        Tensor a = context.tensor(new float[] {1, 2}, Shape.of(2)).requireGrad();
        Tensor b = context.tensor(new float[] {3, 5}, Shape.of(2));
        try (GradientTape tape = context.record()) {
            Tensor sum = context.ops().add(a, a);
            // d/da sum((a + a) * b) = 2b
            tape.backward(context.ops().dot(sum, b));
            tape.backward(context.ops().dot(a, b));
        }
        assertArrayEquals(new float[] {9, 15}, a.grad().toFloatArray(), "2b + b");
        a.zeroGrad();
        assertArrayEquals(new float[] {0, 0}, a.grad().toFloatArray());
    }

    @Test
    void theGanPatternDetachedFirstThenThroughTheSameResult() {
        Tensor g = context.tensor(new float[] {1, 2}, Shape.of(2)).requireGrad();
        Tensor d = context.tensor(new float[] {3, 4}, Shape.of(2)).requireGrad();
        try (GradientTape tape = context.record()) {
            Tensor fake = context.ops().add(g, g);
            tape.backward(context.ops().dot(fake.detach(), d));
            assertArrayEquals(new float[] {0, 0}, g.grad().toFloatArray(), "nothing flows through detach");
            assertArrayEquals(new float[] {2, 4}, d.grad().toFloatArray());
            Tensor onFake = context.ops().dot(fake, d);
            tape.backward(onFake);
            assertArrayEquals(new float[] {6, 8}, g.grad().toFloatArray(), "2d");
            assertThrows(IllegalStateException.class, () -> tape.backward(onFake),
                    "the same graph twice is refused, as PyTorch does without retain_graph");
        }
    }

    @Test
    void zeroGradThenBackwardGivesOnlyTheNewGradientWhetherOrNotTheGradientWasLookedAt() {
        Tensor unseen = context.tensor(new float[] {1, 2}, Shape.of(2)).requireGrad();
        Tensor b = context.tensor(new float[] {3, 5}, Shape.of(2));
        try (GradientTape tape = context.record()) {
            tape.backward(context.ops().dot(unseen, b));
            unseen.zeroGrad();
            tape.backward(context.ops().dot(unseen, context.ops().add(b, b)));
            tape.backward(context.ops().dot(unseen, b));
        }
        // The zeroed gradient was overwritten by the first backward after zeroGrad, then accumulated: 2b + b.
        assertArrayEquals(new float[] {9, 15}, unseen.grad().toFloatArray());
        unseen.zeroGrad();
        assertArrayEquals(new float[] {0, 0}, unseen.grad().toFloatArray(), "a viewed gradient reads zero at once");

        Tensor notRunAgain = context.tensor(new float[] {1, 2}, Shape.of(2)).requireGrad();
        try (GradientTape tape = context.record()) {
            tape.backward(context.ops().dot(notRunAgain, b));
        }
        notRunAgain.zeroGrad();
        assertArrayEquals(new float[] {0, 0}, notRunAgain.grad().toFloatArray(),
                "zeroGrad with no backward after it reads zero when first looked at");
    }
}
