package dev.cgan.backend.djl;

import static dev.cgan.backend.djl.Fixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.api.autograd.GradientTape;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Tensors (upload, download, in-place copy, gradients, detach, close) and the neutral operations. Exact values. */
class TensorOpsTest extends SharedCpuContext {

    @Test
    void rejectsValuesThatDoNotFillTheShape() {
        assertThrows(IllegalArgumentException.class, () -> context.tensor(new float[5], Shape.of(2, 3)));
        Tensor t = context.zeros(Shape.of(2));
        assertThrows(IllegalArgumentException.class, () -> t.copyFrom(new float[3]));
    }

    @Test
    void copyFromWritesInPlaceSoAliasesSeeTheNewValues() {
        Tensor t = context.tensor(new float[] {1, 2, 3}, Shape.of(3));
        Tensor alias = t.detach();
        t.copyFrom(new float[] {4, 5, Float.POSITIVE_INFINITY});
        assertArrayEquals(new float[] {4, 5, Float.POSITIVE_INFINITY}, t.toFloatArray());
        assertArrayEquals(new float[] {4, 5, Float.POSITIVE_INFINITY}, alias.toFloatArray());
        Tensor scalar = context.tensor(new float[] {1}, Shape.scalar());
        scalar.copyFrom(new float[] {-2});
        assertEquals(-2f, scalar.item());
    }

    @Test
    void aLeafKeepsItsGradientFlagAndGradientAcrossCopyFrom() {
        Tensor p = context.tensor(new float[] {1, 2}, Shape.of(2)).requireGrad();
        assertArrayEquals(new float[] {0, 0}, p.grad().toFloatArray(), "zeros before any backward");
        Tensor g = context.tensor(new float[] {3, 4}, Shape.of(2));
        try (GradientTape tape = context.record()) {
            tape.backward(ops.dot(p, g));
        }
        p.copyFrom(new float[] {7, 8});
        assertTrue(p.requiresGrad());
        assertArrayEquals(new float[] {3, 4}, p.grad().toFloatArray());
        try (GradientTape tape = context.record()) {
            tape.backward(ops.dot(p, g));
        }
        assertArrayEquals(new float[] {6, 8}, p.grad().toFloatArray(), "accumulated through the same leaf");
        p.zeroGrad();
        assertArrayEquals(new float[] {0, 0}, p.grad().toFloatArray());
    }

    @Test
    void aGradientIsATensorOfTheContextThatFollowsItsLeaf() {
        Tensor p = context.tensor(new float[] {1, 2}, Shape.of(2)).requireGrad();
        Tensor g = context.tensor(new float[] {3, 4}, Shape.of(2));
        try (GradientTape tape = context.record()) {
            tape.backward(ops.dot(p, g));
        }
        Tensor grad = p.grad();
        Tensor snapshot = grad.detach();
        assertArrayEquals(new float[] {4, 6}, ops.add(grad, p).toFloatArray(), "a gradient is an operation's input");
        try (GradientTape tape = context.record()) {
            tape.backward(ops.dot(p, g));
        }
        assertArrayEquals(new float[] {6, 8}, grad.toFloatArray(), "the view reads the leaf's gradient now");
        assertArrayEquals(new float[] {3, 4}, snapshot.toFloatArray(), "a detached gradient is a copy");
        grad.close();
        assertArrayEquals(new float[] {6, 8}, p.grad().toFloatArray(), "closing the view frees nothing");
    }

    @Test
    void tensorsWithoutGradientsHaveNoGradient() {
        Tensor t = context.zeros(Shape.of(2));
        assertFalse(t.requiresGrad());
        assertNull(t.grad());
    }

    @Test
    void concatenatesChannelsReshapesAndBroadcastsLabels() {
        Tensor a = context.tensor(new float[] {1, 2, 3, 4}, Shape.of(2, 1, 2));
        Tensor b = context.tensor(new float[] {5, 6, 7, 8}, Shape.of(2, 1, 2));
        Tensor ab = ops.concatChannels(a, b);
        assertEquals(Shape.of(2, 2, 2), ab.shape());
        assertArrayEquals(new float[] {1, 2, 5, 6, 3, 4, 7, 8}, ab.toFloatArray());
        assertThrows(IllegalArgumentException.class,
                () -> ops.concatChannels(a, context.zeros(Shape.of(3, 1, 2))));

        assertArrayEquals(new float[] {1, 2, 3, 4}, ops.reshape(a, Shape.of(4)).toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> ops.reshape(a, Shape.of(5)));

        Tensor labels = context.tensor(new float[] {1, 0, 0, 1}, Shape.of(2, 2));
        Tensor maps = ops.broadcastLabels(labels, 2, 3);
        assertEquals(Shape.of(2, 2, 2, 3), maps.shape());
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1},
                maps.toFloatArray());
    }

    @Test
    void addsAveragesAndDots() {
        Tensor a = context.tensor(new float[] {1, 2, 3}, Shape.of(3));
        Tensor b = context.tensor(new float[] {4, 5, 6}, Shape.of(3));
        assertArrayEquals(new float[] {5, 7, 9}, ops.add(a, b).toFloatArray());
        Tensor mean = ops.mean(a);
        assertEquals(Shape.scalar(), mean.shape());
        assertEquals(2f, mean.item());
        assertEquals(32f, ops.dot(a, b).item());
        assertThrows(IllegalArgumentException.class, () -> ops.add(a, context.zeros(Shape.of(2))));
        assertThrows(IllegalArgumentException.class, () -> ops.dot(a, context.zeros(Shape.of(2))));
    }

    @Test
    void operationsAreDifferentiable() {
        Tensor x = context.tensor(new float[] {1, 2, 3, 4}, Shape.of(2, 2)).requireGrad();
        Tensor y = context.tensor(new float[] {5, 6}, Shape.of(2, 1)).requireGrad();
        try (GradientTape tape = context.record()) {
            Tensor maps = ops.broadcastLabels(x, 1, 2); // [2, 2, 1, 2]
            Tensor ym = ops.reshape(ops.broadcastLabels(y, 1, 2), Shape.of(2, 1, 1, 2));
            Tensor joined = ops.concatChannels(maps, ym); // [2, 3, 1, 2]
            Tensor loss = ops.add(ops.mean(joined), ops.dot(ops.reshape(x, Shape.of(4)),
                    context.tensor(new float[] {1, 1, 1, 1}, Shape.of(4))));
            tape.backward(loss);
        }
        // d mean / d x = 2 copies / 12 elements; d dot / d x = 1
        assertClose("x grad", new float[] {7f / 6, 7f / 6, 7f / 6, 7f / 6}, x.grad().toFloatArray(), 1e-6, 1e-6);
        assertClose("y grad", new float[] {1f / 6, 1f / 6}, y.grad().toFloatArray(), 1e-6, 1e-6);
    }

    @Test
    void detachCutsGradients() {
        Tensor x = context.tensor(new float[] {2}, Shape.of(1)).requireGrad();
        try (GradientTape tape = context.record()) {
            Tensor cut = x.detach();
            assertFalse(cut.requiresGrad());
            tape.backward(ops.add(ops.dot(x, x), ops.dot(cut, x)));
        }
        // d/dx (x·x + c·x) with c = x held constant: 2x + c = 6
        assertArrayEquals(new float[] {6}, x.grad().toFloatArray());
    }

    @Test
    void closedTensorsCannotBeUsedAndGradientsAreReadOnly() {
        Tensor t = context.tensor(new float[] {1}, Shape.of(1));
        t.close();
        t.close();
        assertThrows(IllegalStateException.class, t::toFloatArray);
        Tensor p = context.zeros(Shape.of(1)).requireGrad();
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> p.grad().copyFrom(new float[] {1}));
        assertTrue(e.getMessage().startsWith("djl backend"), e.getMessage());
    }
}
