package dev.cgan.backend.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cgan.api.ComputeContext;
import dev.cgan.api.autograd.GradientTape;
import dev.cgan.api.layer.Conv2d;
import dev.cgan.api.layer.Layer;
import dev.cgan.api.loss.Loss;
import dev.cgan.api.loss.LossSpec;
import dev.cgan.api.optim.Optimizer;
import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorScope;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Scopes free what was created in them, keep() hands tensors to the parent, and nothing native piles up. */
class ScopeTest {

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
    void closingAScopeFreesItsTensorsButNotKeptOnes() {
        Tensor outside = context.tensor(new float[] {1}, Shape.of(1));
        Tensor kept;
        Tensor dropped;
        try (TensorScope scope = context.scope()) {
            dropped = context.ops().add(outside, outside);
            kept = scope.keep(context.ops().add(dropped, outside));
        }
        assertThrows(IllegalStateException.class, dropped::toFloatArray);
        assertArrayEquals(new float[] {3}, kept.toFloatArray());
        assertArrayEquals(new float[] {1}, outside.toFloatArray());
    }

    @Test
    void scopesNestAndKeepMovesToTheParent() {
        Tensor one = context.tensor(new float[] {1}, Shape.of(1));
        try (TensorScope outer = context.scope()) {
            Tensor fromInner;
            Tensor innerOnly;
            try (TensorScope inner = context.scope()) {
                innerOnly = context.ops().add(one, one);
                fromInner = inner.keep(context.ops().add(innerOnly, one));
            }
            assertThrows(IllegalStateException.class, innerOnly::toFloatArray);
            assertArrayEquals(new float[] {3}, fromInner.toFloatArray(), "kept by the inner scope: now the outer's");
            Tensor outerTensor = context.ops().add(fromInner, one);
            outer.close();
            assertThrows(IllegalStateException.class, fromInner::toFloatArray);
            assertThrows(IllegalStateException.class, outerTensor::toFloatArray);
        }
    }

    @Test
    void parametersGradientsAndOptimizerStateOutliveScopes() {
        Layer conv = context.layer(new Conv2d(1, 2, 3, 1, 1, false));
        Tensor weight = conv.parameters().get("weight");
        weight.copyFrom(new float[18]);
        Optimizer adam;
        Loss bce = context.loss(new LossSpec.BinaryCrossEntropy());
        try (TensorScope scope = context.scope(); GradientTape tape = context.record()) {
            adam = context.optimizer(OptimizerSpec.Adam.dcgan(), List.of(weight));
            Tensor x = context.tensor(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, Shape.of(1, 1, 2, 2));
            Tensor y = context.layer(new dev.cgan.api.layer.Sigmoid()).forward(conv.forward(x, true), true);
            tape.backward(bce.compute(y, context.zeros(y.shape())));
            adam.step();
        }
        assertEquals(18, weight.toFloatArray().length);
        assertEquals(18, weight.grad().toFloatArray().length);
        assertEquals(18, adam.state(0).get("exp_avg").toFloatArray().length);
    }

    /** The context's DJL manager holds exactly as many arrays after a scoped training step as before it. */
    @Test
    void aScopedTrainingStepLeavesNoArraysBehind() {
        DjlContext djl = (DjlContext) context;
        Layer conv = context.layer(new Conv2d(2, 3, 3, 1, 1, true));
        Optimizer adam = context.optimizer(OptimizerSpec.Adam.dcgan(), List.copyOf(conv.parameters().values()));
        Loss bce = context.loss(new LossSpec.BinaryCrossEntropyWithLogits());
        Tensor x = context.tensor(new float[2 * 2 * 4 * 4], Shape.of(2, 2, 4, 4));
        Tensor target = context.zeros(Shape.of(2, 3, 4, 4));
        step(conv, adam, bce, x, target);
        int before = djl.manager().getManagedArrays().size();
        for (int i = 0; i < 5; i++) {
            step(conv, adam, bce, x, target);
        }
        assertEquals(before, djl.manager().getManagedArrays().size());
    }

    private void step(Layer conv, Optimizer adam, Loss loss, Tensor x, Tensor target) {
        try (TensorScope scope = context.scope(); GradientTape tape = context.record()) {
            adam.zeroGrad();
            Tensor l = loss.compute(conv.forward(x, true), target);
            tape.backward(l);
            adam.step();
            l.item();
            conv.parameters().get("weight").grad().toFloatArray();
        }
    }
}
