package dev.cgan.backend.djl;

import dev.cgan.api.spi.LossKernel;
import dev.cgan.backend.djl.kernel.BinaryCrossEntropy;

/** PyTorch's {@code binary_cross_entropy_with_logits} (see {@link BinaryCrossEntropy#onLogits}). */
record DjlBinaryCrossEntropyWithLogits(DjlContext context) implements LossKernel<DjlTensor> {

    @Override
    public DjlTensor compute(DjlTensor logits, DjlTensor target) {
        return context.compute(() -> BinaryCrossEntropy.onLogits(logits.array(), target.array()));
    }
}
