package dev.cgan.backend.jcuda;

/**
 * {@code nn.BCEWithLogitsLoss}, mean-reduced, in PyTorch's stable form on the logits ({@code bce_logits_forward} and
 * {@code bce_logits_backward} of loss.cu).
 */
final class CudaBinaryCrossEntropyWithLogits extends PointwiseLoss {

    CudaBinaryCrossEntropyWithLogits(CudaContext context) {
        super(context, "bce_logits");
    }
}
