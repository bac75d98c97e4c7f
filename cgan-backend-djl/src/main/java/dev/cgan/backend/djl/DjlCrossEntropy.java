package dev.cgan.backend.djl;

import dev.cgan.api.loss.Loss;
import dev.cgan.api.loss.LossSpec;
import dev.cgan.api.tensor.Tensor;

/**
 * PyTorch's {@code cross_entropy} with class-probability targets: {@code -sum(t * log_softmax(x, 1)) / N}, through
 * libtorch's {@code log_softmax} (stable for large logits) and autograd.
 */
final class DjlCrossEntropy implements Loss {

    private final DjlContext context;

    DjlCrossEntropy(DjlContext context) {
        this.context = context;
    }

    @Override
    public LossSpec spec() {
        return new LossSpec.CrossEntropy();
    }

    @Override
    public Tensor compute(Tensor logits, Tensor target) {
        if (logits.shape().rank() != 2 || !logits.shape().equals(target.shape())) {
            throw new IllegalArgumentException("cross-entropy needs logits [N, C] and targets of the same shape, got "
                    + logits.shape() + " and " + target.shape());
        }
        float batch = logits.shape().dim(0);
        return context.compute(() -> context.array(target).stopGradient()
                .mul(context.array(logits).logSoftmax(1)).sum().neg().div(batch));
    }
}
