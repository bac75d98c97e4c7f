package dev.cgan.backend.nd4j;

import dev.cgan.api.spi.LossKernel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * PyTorch's {@code cross_entropy} with class-probability targets, written out: {@code -sum(t * log_softmax(x, 1)) / N}
 * with the log-softmax shifted by each row's maximum (finite for any finite logits), and gradient
 * {@code (softmax(x) * rowsum(t) - t) / N}. The targets get no gradient.
 */
record Nd4jCrossEntropy(Nd4jContext context) implements LossKernel<Nd4jTensor> {

    @Override
    public Nd4jTensor compute(Nd4jTensor x, Nd4jTensor target) {
        INDArray t = target.array();
        double batch = x.shape().dim(0);
        return context.compute(
                () -> logSoftmax(x.array()).muli(t).sum().negi().divi(batch),
                g -> {
                    INDArray softmax = Transforms.exp(logSoftmax(x.array()), false);
                    INDArray gradient = softmax.muliColumnVector(t.sum(1)).subi(t);
                    return new INDArray[] {gradient.muli(g.getDouble(0) / batch)};
                },
                x);
    }

    /** {@code x - max - log(sum(exp(x - max)))} along each row. */
    private static INDArray logSoftmax(INDArray x) {
        INDArray shifted = x.subColumnVector(x.max(1));
        INDArray logSum = Transforms.log(Transforms.exp(shifted, true).sum(1), false);
        return shifted.subiColumnVector(logSum);
    }
}
