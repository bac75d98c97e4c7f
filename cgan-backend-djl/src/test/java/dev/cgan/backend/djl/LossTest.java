package dev.cgan.backend.djl;

import static dev.cgan.backend.djl.Fixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cgan.api.autograd.GradientTape;
import dev.cgan.api.loss.Loss;
import dev.cgan.api.loss.LossSpec;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Both losses against PyTorch's formulas evaluated here in double precision, including probabilities of exactly 0 and
 * 1, where PyTorch clamps each log at -100 and its gradient uses max(p(1 - p), 1e-12). Tolerance 1e-6 relative.
 */
class LossTest extends SharedCpuContext {

    @Test
    void binaryCrossEntropyMatchesPyTorchIncludingTheEdges() {
        float[] p = {0.9f, 0.2f, 0f, 1f, 1f, 0f, 1e-4f, 0.5f};
        float[] t = {1f, 0f, 1f, 0f, 1f, 0f, 0f, 0.3f};
        Loss bce = context.loss(new LossSpec.BinaryCrossEntropy());
        Tensor prediction = context.tensor(p, Shape.of(p.length)).requireGrad();
        Tensor loss;
        try (GradientTape tape = context.record()) {
            loss = bce.compute(prediction, context.tensor(t, Shape.of(t.length)));
            tape.backward(loss);
        }
        double expected = 0;
        double[] gradient = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            double logP = Math.max(Math.log(p[i]), -100);
            double logNotP = Math.max(Math.log1p(-p[i]), -100);
            expected += ((t[i] - 1) * logNotP - t[i] * logP) / p.length;
            gradient[i] = (p[i] - t[i]) / Math.max((1 - p[i]) * (double) p[i], 1e-12) / p.length;
        }
        assertEquals(Shape.scalar(), loss.shape());
        assertClose("loss", new double[] {expected}, new float[] {loss.item()}, 0, 1e-6);
        assertClose("gradient", gradient, prediction.grad().toFloatArray(), 1e-7, 1e-5);
    }

    @Test
    void binaryCrossEntropyWithLogitsMatchesPyTorch() {
        float[] x = {-30f, -2f, 0f, 0.5f, 3f, 40f};
        float[] t = {0f, 1f, 0.5f, 0f, 1f, 0f};
        Loss bce = context.loss(new LossSpec.BinaryCrossEntropyWithLogits());
        Tensor logits = context.tensor(x, Shape.of(2, 3)).requireGrad();
        Tensor loss;
        try (GradientTape tape = context.record()) {
            loss = bce.compute(logits, context.tensor(t, Shape.of(2, 3)));
            tape.backward(loss);
        }
        double expected = 0;
        double[] gradient = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            expected += (Math.max(x[i], 0) - x[i] * t[i] + Math.log1p(Math.exp(-Math.abs(x[i])))) / x.length;
            gradient[i] = (1 / (1 + Math.exp(-x[i])) - t[i]) / x.length;
        }
        assertClose("loss", new double[] {expected}, new float[] {loss.item()}, 0, 1e-6);
        assertClose("gradient", gradient, logits.grad().toFloatArray(), 1e-8, 1e-5);
    }

    @Test
    void valuesNeedNoTapeAndShapesMustAgree() {
        Loss bce = context.loss(new LossSpec.BinaryCrossEntropy());
        Tensor p = context.tensor(new float[] {0.5f}, Shape.of(1, 1));
        assertClose("loss", new double[] {Math.log(2)}, new float[] {bce.compute(p, p).item()}, 0, 1e-6);
        assertThrows(IllegalArgumentException.class, () -> bce.compute(p, context.zeros(Shape.of(1))));
    }
}
