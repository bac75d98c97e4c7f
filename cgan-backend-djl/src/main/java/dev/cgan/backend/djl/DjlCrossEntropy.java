package dev.cgan.backend.djl;

import dev.cgan.api.spi.LossKernel;

/**
 * PyTorch's {@code cross_entropy} with class-probability targets: {@code -sum(t * log_softmax(x, 1)) / N}, through
 * libtorch's {@code log_softmax} (stable for large logits) and autograd.
 */
record DjlCrossEntropy(DjlContext context) implements LossKernel<DjlTensor> {

    @Override
    public DjlTensor compute(DjlTensor logits, DjlTensor target) {
        float batch = logits.shape().dim(0);
        return context.compute(() -> target.array().stopGradient().mul(logits.array().logSoftmax(1)).sum().neg()
                .div(batch));
    }
}
