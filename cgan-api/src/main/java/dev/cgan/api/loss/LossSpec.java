package dev.cgan.api.loss;

/**
 * The loss functions, as data. Both reduce by the mean over all elements, like PyTorch's default.
 */
public sealed interface LossSpec permits LossSpec.BinaryCrossEntropy, LossSpec.BinaryCrossEntropyWithLogits {

    /**
     * PyTorch's {@code binary_cross_entropy} on probabilities {@code p} in [0, 1]:
     * {@code -(t * log(p) + (1 - t) * log(1 - p))}, with each log clamped to be {@code >= -100} so that p = 0 or 1
     * gives a finite loss; the gradient is {@code (p - t) / max(p * (1 - p), 1e-12)} divided by the element count.
     */
    record BinaryCrossEntropy() implements LossSpec {
    }

    /**
     * PyTorch's {@code binary_cross_entropy_with_logits} on logits {@code x}: the numerically stable form of
     * BCE(sigmoid(x), t), i.e. {@code max(x, 0) - x * t + log(1 + exp(-|x|))}; gradient {@code (sigmoid(x) - t) / n}.
     */
    record BinaryCrossEntropyWithLogits() implements LossSpec {
    }
}
