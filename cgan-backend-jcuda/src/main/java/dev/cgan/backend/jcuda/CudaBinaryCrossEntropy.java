package dev.cgan.backend.jcuda;

/**
 * {@code nn.BCELoss} on probabilities, mean-reduced, with PyTorch's clamp of each log at -100 ({@code bce_forward} and
 * {@code bce_backward} of loss.cu).
 */
final class CudaBinaryCrossEntropy extends PointwiseLoss {

    CudaBinaryCrossEntropy(CudaContext context) {
        super(context, "bce");
    }
}
