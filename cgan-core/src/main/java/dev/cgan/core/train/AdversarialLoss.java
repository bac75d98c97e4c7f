package dev.cgan.core.train;

import dev.cgan.api.ComputeContext;
import dev.cgan.api.tensor.Tensor;

/**
 * The two players' losses of one {@link GanLoss} on a backend, built from the engine's own checked losses. Both take
 * the discriminator's outputs {@code [N, 1]} and return a scalar to back-propagate.
 */
interface AdversarialLoss {

    /** The discriminator's loss from its outputs on the real batch and on the (detached) fake batch. */
    Tensor discriminator(Tensor dReal, Tensor dFake);

    /** The generator's loss from the discriminator's outputs on the fake batch. */
    Tensor generator(Tensor dOnFake);

    /**
     * {@code loss} on {@code context} for a discriminator that outputs probabilities or raw scores.
     *
     * @throws IllegalArgumentException for the hinge loss on probabilities
     */
    static AdversarialLoss of(GanLoss loss, ComputeContext context, boolean probabilities) {
        return switch (loss) {
            case BCE -> new BceAdversarialLoss(context, probabilities);
            case HINGE -> {
                if (probabilities) {
                    throw new IllegalArgumentException("the hinge loss needs a discriminator that outputs raw scores");
                }
                yield new HingeAdversarialLoss(context);
            }
        };
    }
}
