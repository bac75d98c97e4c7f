package dev.cgan.backend.nd4j;

import dev.cgan.api.loss.Loss;
import dev.cgan.api.loss.LossSpec;
import dev.cgan.api.tensor.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * PyTorch's two binary cross-entropy losses (mean reduction), value and gradient written out from PyTorch's kernels:
 * <ul>
 *   <li>on probabilities: {@code mean((t - 1) · max(log1p(-p), -100) - t · max(log p, -100))}, gradient
 *       {@code (p - t) / max((1 - p) · p, 1e-12) / n};</li>
 *   <li>on logits: {@code mean((1 - t) · x + softplus(-x))}, gradient {@code (sigmoid(x) - t) / n}.</li>
 * </ul>
 */
final class Nd4jBinaryCrossEntropy implements Loss {

    private static final double LOG_FLOOR = -100;
    private static final double GRADIENT_EPSILON = 1e-12;

    private final Nd4jContext context;
    private final LossSpec spec;

    Nd4jBinaryCrossEntropy(Nd4jContext context, LossSpec spec) {
        this.context = context;
        this.spec = spec;
    }

    @Override
    public LossSpec spec() {
        return spec;
    }

    @Override
    public Tensor compute(Tensor prediction, Tensor target) {
        if (!prediction.shape().equals(target.shape())) {
            throw new IllegalArgumentException("loss needs prediction and target of the same shape, got "
                    + prediction.shape() + " and " + target.shape());
        }
        Nd4jTensor x = context.own(prediction);
        INDArray t = context.array(target);
        long n = x.array().length();
        if (spec instanceof LossSpec.BinaryCrossEntropyWithLogits) {
            return context.compute(() -> onLogits(x.array(), t),
                    g -> new INDArray[] {Transforms.sigmoid(x.array(), true).subi(t).muli(g.getDouble(0) / n)}, x);
        }
        return context.compute(() -> onProbabilities(x.array(), t),
                g -> new INDArray[] {probabilityGradient(x.array(), t).muli(g.getDouble(0) / n)}, x);
    }

    private static INDArray onProbabilities(INDArray p, INDArray t) {
        INDArray logP = Transforms.max(Transforms.log(p, true), LOG_FLOOR, false);
        INDArray logNotP = Transforms.max(Transforms.log1p(p.neg(), false), LOG_FLOOR, false);
        return t.sub(1).muli(logNotP).subi(t.mul(logP)).mean();
    }

    private static INDArray probabilityGradient(INDArray p, INDArray t) {
        INDArray denominator = Transforms.max(p.rsub(1).muli(p), GRADIENT_EPSILON, false);
        return p.sub(t).divi(denominator);
    }

    private static INDArray onLogits(INDArray x, INDArray t) {
        // softplus(-x) = log(1 + exp(-x)), evaluated stably as max(-x, 0) + log1p(exp(-|x|)).
        INDArray softplus = Transforms.max(x.neg(), 0.0, false)
                .addi(Transforms.log1p(Transforms.exp(Transforms.abs(x, true).negi(), false), false));
        return t.rsub(1).muli(x).addi(softplus).mean();
    }
}
