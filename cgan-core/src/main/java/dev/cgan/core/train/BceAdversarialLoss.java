package dev.cgan.core.train;

import dev.cgan.api.ComputeContext;
import dev.cgan.api.loss.Loss;
import dev.cgan.api.loss.LossSpec;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorOps;

/**
 * {@link GanLoss#BCE}: D {@code BCE(D(x), 1) + BCE(D(G(z)), 0)}, G {@code BCE(D(G(z)), 1)}, on probabilities
 * ({@link LossSpec.BinaryCrossEntropy}) or on logits ({@link LossSpec.BinaryCrossEntropyWithLogits}).
 */
final class BceAdversarialLoss implements AdversarialLoss {

    private final ComputeContext context;
    private final Loss bce;
    private final TensorOps ops;

    BceAdversarialLoss(ComputeContext context, boolean probabilities) {
        this.context = context;
        this.bce = context.loss(probabilities ? new LossSpec.BinaryCrossEntropy()
                : new LossSpec.BinaryCrossEntropyWithLogits());
        this.ops = context.ops();
    }

    @Override
    public Tensor discriminator(Tensor dReal, Tensor dFake) {
        return ops.add(bce.compute(dReal, Targets.filled(context, dReal, 1f)),
                bce.compute(dFake, Targets.filled(context, dFake, 0f)));
    }

    @Override
    public Tensor generator(Tensor dOnFake) {
        return bce.compute(dOnFake, Targets.filled(context, dOnFake, 1f));
    }
}
