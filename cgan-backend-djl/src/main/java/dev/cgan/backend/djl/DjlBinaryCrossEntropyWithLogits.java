package dev.cgan.backend.djl;

import dev.cgan.api.spi.LossKernel;
import dev.cgan.backend.djl.kernel.BinaryCrossEntropy;

/** PyTorch's {@code binary_cross_entropy_with_logits} (see {@link BinaryCrossEntropy#onLogits}). */
final class DjlBinaryCrossEntropyWithLogits implements LossKernel<DjlTensor> {

    private final DjlContext context;

    DjlBinaryCrossEntropyWithLogits(DjlContext context) {
        this.context = context;
    }

    @Override
    public DjlTensor compute(DjlTensor logits, DjlTensor target) {
        return context.compute(() -> BinaryCrossEntropy.onLogits(logits.array(), target.array()));
    }
}
