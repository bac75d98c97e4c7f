package dev.cgan.api.loss;

/**
 * The loss functions, as data. Each reduces by the mean, like PyTorch's default: the binary ones and {@link Hinge} over
 * all elements, {@link CrossEntropy} over the batch.
 */
public sealed interface LossSpec
        permits LossSpec.BinaryCrossEntropy, LossSpec.BinaryCrossEntropyWithLogits, LossSpec.CrossEntropy,
        LossSpec.Hinge {

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

        R hinge(Hinge spec);
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

    /**
     * The hinge loss of GANs (Lim &amp; Ye 2017; Miyato et al. 2018) on raw discriminator outputs {@code x} (logits: no
     * sigmoid) against targets {@code t} of the same shape, which say which way each output should go: {@code +1}
     * "real", {@code -1} "fake", the way {@link BinaryCrossEntropy} takes 1 and 0. Mean over all elements.
     * <ul>
     *   <li>{@link Part#DISCRIMINATOR}: {@code mean(relu(1 - t * x))}, in PyTorch {@code torch.relu(1 - t * x).mean()};
     *       gradient {@code -t / n} where {@code 1 - t * x > 0} and 0 elsewhere, also at exactly the margin
     *       {@code t * x = 1} (PyTorch's {@code relu'(0) = 0}). The discriminator's loss of SNGAN,
     *       {@code mean(relu(1 - D(x))) + mean(relu(1 + D(G(z))))}, is this loss on {@code (D(x), +1)} plus this loss
     *       on {@code (D(G(z)), -1)}.</li>
     *   <li>{@link Part#GENERATOR}: {@code -mean(t * x)}, in PyTorch {@code (-(t * x)).mean()}; gradient
     *       {@code -t / n}. With the generator's target {@code t = +1} it is {@code -mean(D(G(z)))}.</li>
     * </ul>
     * Any real {@code t} is computed by these formulas; GANs use {@code +-1}. The discriminator must end in a linear
     * layer: on a sigmoid's output in (0, 1) neither margin ({@code x >= 1} on real, {@code x <= -1} on fake) can
     * be reached.
     *
     * @param part which player's loss
     */
    record Hinge(Part part) implements LossSpec {

        /** Which of the two hinge losses: the discriminator's margin loss or the generator's linear one. */
        public enum Part {
            /** {@code mean(relu(1 - t * x))}. */
            DISCRIMINATOR,
            /** {@code -mean(t * x)}. */
            GENERATOR
        }

        public Hinge {
            java.util.Objects.requireNonNull(part, "part");
        }

        /** The discriminator's loss {@code mean(relu(1 - t * x))}: targets +1 on real outputs, -1 on fake ones. */
        public static Hinge discriminator() {
            return new Hinge(Part.DISCRIMINATOR);
        }

        /** The generator's loss {@code -mean(t * x)}: target +1 on the discriminator's outputs for fake samples. */
        public static Hinge generator() {
            return new Hinge(Part.GENERATOR);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.hinge(this);
        }
    }
}
