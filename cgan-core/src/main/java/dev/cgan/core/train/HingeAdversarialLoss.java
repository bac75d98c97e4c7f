package dev.cgan.core.train;

import dev.cgan.api.ComputeContext;
import dev.cgan.api.loss.Loss;
import dev.cgan.api.loss.LossSpec;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorOps;

/**
 * {@link GanLoss#HINGE}: D {@code mean(relu(1 - D(x))) + mean(relu(1 + D(G(z))))}, the engine's
 * {@link LossSpec.Hinge#discriminator()} on {@code (D(x), +1)} and on {@code (D(G(z)), -1)}; G
 * {@code -mean(D(G(z)))}, its {@link LossSpec.Hinge#generator()} with target +1.
 */
final class HingeAdversarialLoss implements AdversarialLoss {

    private final ComputeContext context;
    private final Loss margin;
    private final Loss linear;
    private final TensorOps ops;

    HingeAdversarialLoss(ComputeContext context) {
        this.context = context;
        this.margin = context.loss(LossSpec.Hinge.discriminator());
        this.linear = context.loss(LossSpec.Hinge.generator());
        this.ops = context.ops();
    }

    @Override
    public Tensor discriminator(Tensor dReal, Tensor dFake) {
        return ops.add(margin.compute(dReal, Targets.filled(context, dReal, 1f)),
                margin.compute(dFake, Targets.filled(context, dFake, -1f)));
    }

    @Override
    public Tensor generator(Tensor dOnFake) {
        return linear.compute(dOnFake, Targets.filled(context, dOnFake, 1f));
    }
}
