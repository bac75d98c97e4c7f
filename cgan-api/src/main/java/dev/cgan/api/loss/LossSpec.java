package dev.cgan.api.loss;

/**
 * The loss functions, as data. Each reduces by the mean, like PyTorch's default: the binary ones over all elements,
 * {@link CrossEntropy} over the batch.
 */
public sealed interface LossSpec
        permits LossSpec.BinaryCrossEntropy, LossSpec.BinaryCrossEntropyWithLogits, LossSpec.CrossEntropy {

    /** Calls the visitor's method for this spec's type (exhaustive dispatch: see {@link Visitor}). */
    <R> R accept(Visitor<R> visitor);

    /**
     * One method per loss: adding a loss adds a method here, and every engine fails to compile until it handles the
     * new loss or declares it unsupported.
     */
    interface Visitor<R> {
        R binaryCrossEntropy(BinaryCrossEntropy spec);

        R binaryCrossEntropyWithLogits(BinaryCrossEntropyWithLogits spec);

        R crossEntropy(CrossEntropy spec);
    }

    /**
     * PyTorch's {@code binary_cross_entropy} on probabilities {@code p} in [0, 1]:
     * {@code -(t * log(p) + (1 - t) * log(1 - p))}, with each log clamped to be {@code >= -100} so that p = 0 or 1
     * gives a finite loss; the gradient is {@code (p - t) / max(p * (1 - p), 1e-12)} divided by the element count.
     */
    record BinaryCrossEntropy() implements LossSpec {

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.binaryCrossEntropy(this);
        }
    }

    /**
     * PyTorch's {@code binary_cross_entropy_with_logits} on logits {@code x}: the numerically stable form of
     * BCE(sigmoid(x), t), i.e. {@code max(x, 0) - x * t + log(1 + exp(-|x|))}; gradient {@code (sigmoid(x) - t) / n}.
     */
    record BinaryCrossEntropyWithLogits() implements LossSpec {

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.binaryCrossEntropyWithLogits(this);
        }
    }

    /**
     * PyTorch's {@code cross_entropy} (softmax cross-entropy, mean over the batch) on logits {@code x [N, C]} against
     * target class probabilities {@code t [N, C]} of the same shape (one-hot rows for class labels, which gives
     * exactly PyTorch's integer-target form): {@code loss = -(1/N) sum_n sum_c t[n, c] * log_softmax(x)[n, c]},
     * with {@code log_softmax(x)[n, c] = x[n, c] - max_c' x[n, c'] - log(sum_c' exp(x[n, c'] - max_c' x[n, c']))}
     * (finite for any finite logits); gradient {@code (softmax(x)[n, c] * sum_c' t[n, c'] - t[n, c]) / N}.
     */
    record CrossEntropy() implements LossSpec {

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.crossEntropy(this);
        }
    }
}
