package dev.cgan.backend.jcuda;

import dev.cgan.api.spi.LossKernel;

/**
 * {@code nn.BCEWithLogitsLoss}, mean-reduced, in PyTorch's stable form on the logits ({@code bce_logits_forward} and
 * {@code bce_logits_backward} of loss.cu).
 */
record CudaBinaryCrossEntropyWithLogits(CudaContext context) implements LossKernel<CudaTensor> {

    @Override
    public CudaTensor compute(CudaTensor logits, CudaTensor target) {
        return CudaPointwiseLoss.mean(context, "bce_logits", logits, target);
    }
}
