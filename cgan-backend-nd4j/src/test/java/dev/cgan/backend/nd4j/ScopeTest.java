package dev.cgan.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cgan.api.ComputeContext;
import dev.cgan.api.autograd.GradientTape;
import dev.cgan.api.layer.Conv2d;
import dev.cgan.api.layer.Layer;
import dev.cgan.api.optim.Optimizer;
import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorScope;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scopes are ND4J workspaces: what was made in one is unusable (a clear error, never stale memory) once it closes,
 * keep() moves a tensor to the parent scope or out of every workspace, and parameters, gradients and optimizer state
 * made or updated inside a scope outlive it.
 */
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
    void closingAScopeInvalidatesItsTensorsButNotKeptOnes() {
        Tensor outside = context.tensor(new float[] {1}, Shape.of(1));
        Tensor kept;
        Tensor dropped;
        Tensor detached;
        try (TensorScope scope = context.scope()) {
            dropped = context.ops().add(outside, outside);
            detached = dropped.detach();
            kept = scope.keep(context.ops().add(dropped, outside));
        }
        assertThrows(IllegalStateException.class, dropped::toFloatArray);
        assertThrows(IllegalStateException.class, detached::toFloatArray);
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
            // The next inner scope reuses the inner workspace; the kept tensor must not be overwritten by it.
            try (TensorScope again = context.scope()) {
                context.tensor(new float[] {7, 7, 7, 7}, Shape.of(4));
            }
            assertArrayEquals(new float[] {3}, fromInner.toFloatArray(), "kept by the inner scope: now the outer's");
            outer.close();
            assertThrows(IllegalStateException.class, fromInner::toFloatArray);
        }
    }

    @Test
    void parametersGradientsAndOptimizerStateOutliveScopes() {
        Layer conv = context.layer(new Conv2d(1, 1, 1, 1, 0, false));
        Tensor weight = conv.parameters().get("weight");
        weight.copyFrom(new float[] {2});
        Optimizer sgd = context.optimizer(new OptimizerSpec.Sgd(0.5, 0.9), List.of(weight));
        for (int i = 0; i < 2; i++) {
            try (TensorScope scope = context.scope(); GradientTape tape = context.record()) {
                Tensor x = context.tensor(new float[] {1, 2, 3, 4}, Shape.of(1, 1, 2, 2));
                sgd.zeroGrad();
                // d/dw sum(w * x) = sum(x) = 10.
                tape.backward(context.ops().mean(conv.forward(x, true)));
                sgd.step();
            }
        }
        // mean(w * x) has gradient mean(x) = 2.5; momentum buffer 2.5 then 0.9 * 2.5 + 2.5 = 4.75.
        assertArrayEquals(new float[] {2.5f}, weight.grad().toFloatArray());
        assertArrayEquals(new float[] {4.75f}, sgd.state(0).get("momentum_buffer").toFloatArray());
        assertArrayEquals(new float[] {2f - 0.5f * 2.5f - 0.5f * 4.75f}, weight.toFloatArray(), 1e-6f);
    }
}
