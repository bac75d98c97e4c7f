package dev.cgan.backend.djl;

import dev.cgan.api.spi.LossKernel;
import dev.cgan.backend.djl.kernel.BinaryCrossEntropy;

/** PyTorch's {@code binary_cross_entropy} on probabilities (see {@link BinaryCrossEntropy#onProbabilities}). */
record DjlBinaryCrossEntropy(DjlContext context) implements LossKernel<DjlTensor> {

    @Override
    public DjlTensor compute(DjlTensor prediction, DjlTensor target) {
        return context.compute(() -> BinaryCrossEntropy.onProbabilities(prediction.array(), target.array()));
    }
}
