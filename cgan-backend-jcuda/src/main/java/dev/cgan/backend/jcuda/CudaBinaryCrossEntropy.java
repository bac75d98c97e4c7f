package dev.cgan.backend.jcuda;

import dev.cgan.api.spi.LossKernel;

/**
 * {@code nn.BCELoss} on probabilities, mean-reduced, with PyTorch's clamp of each log at -100 ({@code bce_forward} and
 * {@code bce_backward} of loss.cu).
 */
record CudaBinaryCrossEntropy(CudaContext context) implements LossKernel<CudaTensor> {

    @Override
    public CudaTensor compute(CudaTensor prediction, CudaTensor target) {
        return CudaPointwiseLoss.mean(context, "bce", prediction, target);
    }
}
