package dev.cgan.backend.djl;

import static dev.cgan.backend.djl.Fixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cgan.api.autograd.GradientTape;
import dev.cgan.api.optim.Optimizer;
import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Adam and SGD against their torch.optim update rules evaluated here in double precision, over several steps (bias
 * correction, momentum), with gradients placed exactly by backward(dot(p, g)). Tolerance 1e-6 relative plus 1e-9.
 */
class OptimizerTest extends SharedCpuContext {

    @Test
    void adamFollowsTorchOptimAdam() {
        OptimizerSpec.Adam spec = new OptimizerSpec.Adam(0.01, 0.9, 0.999, 1e-8);
        float[][] gradients = {{0.5f, -1f, 0f}, {0.25f, 2f, -3f}, {-0.5f, 0.1f, 1e-4f}};
        float[] start = {1f, -2f, 0.5f};
        Tensor p = context.tensor(start, Shape.of(3)).requireGrad();
        Optimizer adam = context.optimizer(spec, List.of(p));
        double[] param = {1, -2, 0.5};
        double[] m = new double[3];
        double[] v = new double[3];
        for (int t = 1; t <= gradients.length; t++) {
            adam.zeroGrad();
            place(p, gradients[t - 1]);
            adam.step();
            for (int i = 0; i < 3; i++) {
                double g = gradients[t - 1][i];
                m[i] = spec.beta1() * m[i] + (1 - spec.beta1()) * g;
                v[i] = spec.beta2() * v[i] + (1 - spec.beta2()) * g * g;
                double denom = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(spec.beta2(), t)) + spec.eps();
                param[i] -= spec.lr() / (1 - Math.pow(spec.beta1(), t)) * m[i] / denom;
            }
            assertClose("parameter after step " + t, param, p.toFloatArray(), 1e-7, 1e-6);
        }
        assertEquals(3, adam.steps());
        assertClose("exp_avg", m, adam.state(0).get("exp_avg").toFloatArray(), 1e-9, 1e-6);
        assertClose("exp_avg_sq", v, adam.state(0).get("exp_avg_sq").toFloatArray(), 1e-12, 1e-6);
        assertArrayEquals(new float[] {0, 0, 0}, zeroGradded(adam, p));
    }

    @Test
    void adamResumesFromCopiedStateAndStepCount() {
        OptimizerSpec.Adam spec = OptimizerSpec.Adam.dcgan();
        Tensor p = context.tensor(new float[] {1f}, Shape.of(1)).requireGrad();
        Optimizer adam = context.optimizer(spec, List.of(p));
        adam.setSteps(4);
        adam.state(0).get("exp_avg").copyFrom(new float[] {0.2f});
        adam.state(0).get("exp_avg_sq").copyFrom(new float[] {0.01f});
        place(p, new float[] {0.3f});
        adam.step();
        double m = 0.5 * 0.2f + 0.5 * 0.3f;
        double v = 0.999 * 0.01f + 0.001 * 0.3f * 0.3f;
        double expected = 1 - spec.lr() / (1 - Math.pow(0.5, 5)) * m
                / (Math.sqrt(v) / Math.sqrt(1 - Math.pow(0.999, 5)) + spec.eps());
        assertClose("parameter", new double[] {expected}, p.toFloatArray(), 1e-7, 1e-6);
        assertEquals(5, adam.steps());
    }

    @Test
    void parametersNeverReachedByBackwardAreLeftAlone() {
        Tensor reached = context.tensor(new float[] {1f}, Shape.of(1)).requireGrad();
        Tensor untouched = context.tensor(new float[] {1f}, Shape.of(1)).requireGrad();
        Optimizer adam = context.optimizer(OptimizerSpec.Adam.dcgan(), List.of(reached, untouched));
        place(reached, new float[] {1f});
        adam.step();
        assertArrayEquals(new float[] {1f}, untouched.toFloatArray());
        assertEquals(1f - 2e-4f, reached.toFloatArray()[0], 1e-7);
    }

    @Test
    void sgdWithMomentumFollowsTorchOptimSgd() {
        OptimizerSpec.Sgd spec = new OptimizerSpec.Sgd(0.1, 0.9);
        Tensor p = context.tensor(new float[] {1f, 2f}, Shape.of(2)).requireGrad();
        Optimizer sgd = context.optimizer(spec, List.of(p));
        float[][] gradients = {{1f, -1f}, {0.5f, 0.5f}};
        double[] param = {1, 2};
        double[] buffer = new double[2];
        for (int t = 1; t <= gradients.length; t++) {
            sgd.zeroGrad();
            place(p, gradients[t - 1]);
            sgd.step();
            for (int i = 0; i < 2; i++) {
                buffer[i] = t == 1 ? gradients[0][i] : spec.momentum() * buffer[i] + gradients[t - 1][i];
                param[i] -= spec.lr() * buffer[i];
            }
            assertClose("parameter after step " + t, param, p.toFloatArray(), 1e-7, 1e-6);
        }
        assertClose("momentum_buffer", buffer, sgd.state(0).get("momentum_buffer").toFloatArray(), 1e-7, 1e-6);
    }

    @Test
    void optimizesOnlyTensorsThatRequireGradients() {
        Tensor plain = context.zeros(Shape.of(1));
        assertThrows(IllegalArgumentException.class,
                () -> context.optimizer(OptimizerSpec.Adam.dcgan(), List.of(plain)));
    }

    /** Accumulates exactly {@code g} into p's gradient: d/dp dot(p, g) = g. */
    private void place(Tensor p, float[] g) {
        try (GradientTape tape = context.record()) {
            tape.backward(context.ops().dot(p, context.tensor(g, p.shape())));
        }
    }

    private static float[] zeroGradded(Optimizer optimizer, Tensor p) {
        optimizer.zeroGrad();
        return p.grad().toFloatArray();
    }
}
