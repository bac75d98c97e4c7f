package dev.cgan.api.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.api.BackendOptions;
import dev.cgan.api.Device;
import dev.cgan.api.autograd.GradientTape;
import dev.cgan.api.layer.BatchNorm2d;
import dev.cgan.api.layer.Conv2d;
import dev.cgan.api.layer.Dropout;
import dev.cgan.api.layer.Layer;
import dev.cgan.api.layer.ReLU;
import dev.cgan.api.loss.Loss;
import dev.cgan.api.loss.LossSpec;
import dev.cgan.api.optim.Optimizer;
import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorScope;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kit's rules, on the smallest engine written on it ({@link HostEngine}). */
class EngineKitTest {

    private final HostEngine engine = new HostEngine();
    private final HostEngine.Context context = engine.open(Device.cpu(), BackendOptions.defaults());

    @Test
    void everyFactoryOfAClosedContextThrows() {
        context.close();
        context.close();
        Shape s = Shape.of(2);
        assertThrows(IllegalStateException.class, () -> context.tensor(new float[2], s));
        assertThrows(IllegalStateException.class, () -> context.zeros(s));
        assertThrows(IllegalStateException.class, () -> context.layer(new ReLU()));
        assertThrows(IllegalStateException.class, () -> context.loss(new LossSpec.BinaryCrossEntropy()));
        assertThrows(IllegalStateException.class, () -> context.optimizer(new OptimizerSpec.Sgd(0.1, 0), List.of()));
        assertThrows(IllegalStateException.class, context::record);
        assertThrows(IllegalStateException.class, context::scope);
    }

    @Test
    void closingTheContextReleasesEveryTensorOnce() {
        context.tensor(new float[] {1, 2}, Shape.of(2));
        context.layer(new BatchNorm2d(3));
        TensorScope scope = context.scope();
        context.zeros(Shape.of(4));
        context.close();
        scope.close();
        assertEquals(6, engine.released, "1 free tensor, 4 BatchNorm tensors, 1 scoped tensor");
    }

    @Test
    void aScopeFreesWhatItOwnsAndKeepsWhatItIsAskedTo() {
        Tensor kept;
        Tensor freed;
        Tensor inner;
        try (TensorScope outer = context.scope()) {
            try (TensorScope scope = context.scope()) {
                freed = context.tensor(new float[] {1}, Shape.of(1));
                kept = scope.keep(context.tensor(new float[] {2}, Shape.of(1)));
                TensorScope nested = context.scope();
                inner = context.tensor(new float[] {3}, Shape.of(1));
                // nested is left open: closing its parent closes it too.
                assertEquals(0, context.scopeMemoriesClosed);
            }
            assertEquals(2, context.scopeMemoriesClosed);
            assertThrows(IllegalStateException.class, freed::toFloatArray);
            assertThrows(IllegalStateException.class, inner::toFloatArray);
            assertArrayEquals(new float[] {2}, kept.toFloatArray());
            assertTrue(outer.keep(kept) == kept);
        }
        assertArrayEquals(new float[] {2}, kept.toFloatArray(), "kept twice: now the context's");
        int before = context.contextOwnedCount();
        kept.close();
        assertEquals(before - 1, context.contextOwnedCount());
    }

    @Test
    void oneTapeAtATimeAndAClosedTapeRefusesBackward() {
        GradientTape tape = context.record();
        assertThrows(IllegalStateException.class, context::record);
        tape.close();
        assertThrows(IllegalStateException.class, () -> tape.backward(context.tensor(new float[] {1}, Shape.of())));
        context.record().close();
    }

    @Test
    void backwardNeedsAScalarOfThisContext() {
        try (GradientTape tape = context.record()) {
            assertThrows(IllegalArgumentException.class, () -> tape.backward(context.zeros(Shape.of(2))));
            try (var other = HostEngine.openCpu()) {
                Tensor foreign = other.zeros(Shape.of());
                assertThrows(IllegalArgumentException.class, () -> tape.backward(foreign));
            }
        }
    }

    @Test
    void gradientsFlowThroughLayersAndAccumulate() {
        Tensor x = context.tensor(new float[] {-1, 2, 3}, Shape.of(3)).requireGrad();
        Tensor c = context.tensor(new float[] {5, 7, 11}, Shape.of(3));
        Layer relu = context.layer(new ReLU());
        try (GradientTape tape = context.record()) {
            tape.backward(context.ops().dot(relu.forward(x, true), c));
            tape.backward(context.ops().dot(relu.forward(x, true), c));
        }
        assertArrayEquals(new float[] {0, 14, 22}, x.grad().toFloatArray(), "d/dx sum(relu(x) * c), twice");
        x.zeroGrad();
        assertArrayEquals(new float[] {0, 0, 0}, x.grad().toFloatArray());
    }

    @Test
    void aSecondBackwardThroughAConsumedPartFailsAsInPyTorch() {
        Tensor x = context.tensor(new float[] {1, 2}, Shape.of(2)).requireGrad();
        try (GradientTape tape = context.record()) {
            Tensor hidden = context.ops().add(x, x);
            Tensor loss = context.ops().mean(hidden);
            tape.backward(loss);
            Tensor again = context.ops().mean(hidden);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> tape.backward(again));
            assertTrue(e.getMessage().contains("retain_graph"), e.getMessage());
        }
    }

    @Test
    void theGanPatternRunsTwoBackwardPassesThroughDisjointParts() {
        Tensor g = context.tensor(new float[] {1, 2}, Shape.of(2)).requireGrad();
        Tensor d = context.tensor(new float[] {3, 4}, Shape.of(2)).requireGrad();
        try (GradientTape tape = context.record()) {
            Tensor fake = context.ops().add(g, g);
            tape.backward(context.ops().dot(fake.detach(), d));
            tape.backward(context.ops().dot(fake, d));
        }
        assertArrayEquals(new float[] {4, 8}, d.grad().toFloatArray(), "fake twice");
        assertArrayEquals(new float[] {6, 8}, g.grad().toFloatArray(), "only the second pass reaches g");
    }

    @Test
    void optimizerStateHasPyTorchNamesAndStepsAreCounted() {
        Tensor reached = context.tensor(new float[] {1, 1}, Shape.of(2)).requireGrad();
        Tensor untouched = context.tensor(new float[] {5}, Shape.of(1)).requireGrad();
        Optimizer sgd = context.optimizer(new OptimizerSpec.Sgd(0.5, 0.9), List.of(reached, untouched));
        assertEquals(List.of("momentum_buffer"), List.copyOf(sgd.state(0).keySet()));
        assertEquals(Shape.of(1), sgd.state(1).get("momentum_buffer").shape());
        try (GradientTape tape = context.record()) {
            tape.backward(context.ops().dot(reached, context.tensor(new float[] {2, 4}, Shape.of(2))));
        }
        sgd.step();
        assertEquals(1, sgd.steps());
        assertArrayEquals(new float[] {0, -1}, reached.toFloatArray(), "p - lr * g on the first step");
        assertArrayEquals(new float[] {5}, untouched.toFloatArray(), "no gradient: skipped, as PyTorch skips None");
        assertArrayEquals(new float[] {2, 4}, sgd.state(0).get("momentum_buffer").toFloatArray());
        sgd.setSteps(10);
        assertEquals(10, sgd.steps());
        assertThrows(IllegalArgumentException.class, () -> sgd.setSteps(-1));
        Tensor frozen = context.tensor(new float[] {1}, Shape.of(1));
        assertThrows(IllegalArgumentException.class,
                () -> context.optimizer(new OptimizerSpec.Sgd(0.1, 0), List.of(frozen)));
    }

    @Test
    void anUnsupportedSpecNamesEngineAndSpec() {
        UnsupportedOperationException layer = assertThrows(UnsupportedOperationException.class,
                () -> context.layer(new Conv2d(1, 1, 3, 1, 1, false)));
        assertEquals("host backend does not support layer Conv2d", layer.getMessage());
        UnsupportedOperationException adam = assertThrows(UnsupportedOperationException.class,
                () -> context.optimizer(OptimizerSpec.Adam.dcgan(), List.of()));
        assertEquals("host backend does not support optimizer Adam", adam.getMessage());
        UnsupportedOperationException loss = assertThrows(UnsupportedOperationException.class,
                () -> context.loss(new LossSpec.CrossEntropy()));
        assertEquals("host backend does not support loss CrossEntropy", loss.getMessage());
    }

    @Test
    void layersGetPyTorchsInitialValuesAndCheckTheirInput() {
        Layer bn = context.layer(new BatchNorm2d(2));
        assertArrayEquals(new float[] {1, 1}, bn.parameters().get("weight").toFloatArray());
        assertArrayEquals(new float[] {0, 0}, bn.parameters().get("bias").toFloatArray());
        assertArrayEquals(new float[] {1, 1}, bn.buffers().get("running_var").toFloatArray());
        assertTrue(bn.parameters().get("weight").requiresGrad());
        assertThrows(IllegalArgumentException.class, () -> bn.forward(context.zeros(Shape.of(1, 3, 2, 2)), true));
    }

    @Test
    void lossesCheckShapesBeforeTheKernelRuns() {
        Loss loss = context.loss(new LossSpec.BinaryCrossEntropy());
        assertThrows(IllegalArgumentException.class,
                () -> loss.compute(context.zeros(Shape.of(2)), context.zeros(Shape.of(3))));
        assertEquals(1f, loss.compute(context.tensor(new float[] {1, 1}, Shape.of(2)), context.zeros(Shape.of(2)))
                .item());
    }

    @Test
    void dropoutDrawsTheSameMaskFromTheSameStatePosition() {
        Layer a = context.layer(new Dropout(0.5, 7));
        Layer b = context.layer(new Dropout(0.5, 7));
        Tensor x = context.tensor(new float[] {1, 1, 1, 1, 1, 1, 1, 1}, Shape.of(8));
        float[] first = a.forward(x, true).toFloatArray();
        assertArrayEquals(first, b.forward(x, true).toFloatArray());
        long position = a.randomState().getAsLong();
        float[] second = a.forward(x, true).toFloatArray();
        assertNotEquals(List.of(first), List.of(second));
        b.restoreRandomState(position);
        assertArrayEquals(second, b.forward(x, true).toFloatArray());
        assertArrayEquals(x.toFloatArray(), a.forward(x, false).toFloatArray(), "evaluation mode: identity");
        assertEquals(position + 8 * 0x9E3779B97F4A7C15L, a.randomState().getAsLong(), "8 draws, then eval draws none");
    }

    @Test
    void tensorsOfAnotherContextAreRefused() {
        try (var other = HostEngine.openCpu()) {
            Tensor foreign = other.zeros(Shape.of(2));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> context.ops().add(foreign, context.zeros(Shape.of(2))));
            assertTrue(e.getMessage().contains("host"), e.getMessage());
        }
    }
}
