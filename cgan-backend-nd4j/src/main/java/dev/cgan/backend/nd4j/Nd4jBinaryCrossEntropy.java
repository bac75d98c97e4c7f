package dev.cgan.backend.nd4j;

import dev.cgan.api.spi.LossKernel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * PyTorch's binary cross-entropy on probabilities (mean reduction), value and gradient written out from PyTorch's
 * kernel: {@code mean((t - 1) · max(log1p(-p), -100) - t · max(log p, -100))}, gradient
 * {@code (p - t) / max((1 - p) · p, 1e-12) / n}.
 */
final class Nd4jBinaryCrossEntropy implements LossKernel<Nd4jTensor> {

    private static final double LOG_FLOOR = -100;
    private static final double GRADIENT_EPSILON = 1e-12;

    private final Nd4jContext context;

    Nd4jBinaryCrossEntropy(Nd4jContext context) {
        this.context = context;
    }

    @Override
    public Nd4jTensor compute(Nd4jTensor x, Nd4jTensor target) {
        INDArray t = target.array();
        long n = x.array().length();
        return context.compute(() -> onProbabilities(x.array(), t),
                g -> new INDArray[] {probabilityGradient(x.array(), t).muli(g.getDouble(0) / n)}, x);
    }

    static INDArray onProbabilities(INDArray p, INDArray t) {
        INDArray logP = Transforms.max(Transforms.log(p, true), LOG_FLOOR, false);
        INDArray logNotP = Transforms.max(Transforms.log1p(p.neg(), false), LOG_FLOOR, false);
        return t.sub(1).muli(logNotP).subi(t.mul(logP)).mean();
    }

    /** The per-element gradient of the summed loss (the mean divides it by the element count). */
    static INDArray probabilityGradient(INDArray p, INDArray t) {
        INDArray denominator = Transforms.max(p.rsub(1).muli(p), GRADIENT_EPSILON, false);
        return p.sub(t).divi(denominator);
    }
}
