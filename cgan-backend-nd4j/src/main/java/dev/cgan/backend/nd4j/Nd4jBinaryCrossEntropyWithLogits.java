package dev.cgan.backend.nd4j;

import dev.cgan.api.spi.LossKernel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * PyTorch's binary cross-entropy on logits (mean reduction), written out: {@code mean((1 - t) · x + softplus(-x))},
 * gradient {@code (sigmoid(x) - t) / n}.
 */
record Nd4jBinaryCrossEntropyWithLogits(Nd4jContext context) implements LossKernel<Nd4jTensor> {

    @Override
    public Nd4jTensor compute(Nd4jTensor x, Nd4jTensor target) {
        INDArray t = target.array();
        long n = x.array().length();
        return context.compute(() -> onLogits(x.array(), t),
                g -> new INDArray[] {Transforms.sigmoid(x.array(), true).subi(t).muli(g.getDouble(0) / n)}, x);
    }

    private static INDArray onLogits(INDArray x, INDArray t) {
        // softplus(-x) = log(1 + exp(-x)), evaluated stably as max(-x, 0) + log1p(exp(-|x|)).
        INDArray softplus = Transforms.max(x.neg(), 0.0, false)
                .addi(Transforms.log1p(Transforms.exp(Transforms.abs(x, true).negi(), false), false));
        return t.rsub(1).muli(x).addi(softplus).mean();
    }
}
