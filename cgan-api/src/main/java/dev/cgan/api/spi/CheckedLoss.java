package dev.cgan.api.spi;

import dev.cgan.api.loss.Loss;
import dev.cgan.api.loss.LossSpec;
import dev.cgan.api.tensor.Tensor;

/** The {@link Loss} the kit hands out: the shape rules of {@link LossSpec} checked once, then the engine's kernel. */
final class CheckedLoss<T extends EngineTensor> implements Loss {

    private final EngineContext<T, ?> context;
    private final LossSpec spec;
    private final LossKernel<T> kernel;

    CheckedLoss(EngineContext<T, ?> context, LossSpec spec, LossKernel<T> kernel) {
        this.context = context;
        this.spec = spec;
        this.kernel = kernel;
    }

    @Override
    public LossSpec spec() {
        return spec;
    }

    @Override
    public Tensor compute(Tensor prediction, Tensor target) {
        T p = context.own(prediction);
        T t = context.own(target);
        if (spec instanceof LossSpec.CrossEntropy) {
            if (p.shape().rank() != 2 || !p.shape().equals(t.shape())) {
                throw new IllegalArgumentException("cross-entropy needs logits [N, C] and targets of the same shape, "
                        + "got " + p.shape() + " and " + t.shape());
            }
        } else if (!p.shape().equals(t.shape())) {
            throw new IllegalArgumentException("loss needs prediction and target of the same shape, got "
                    + p.shape() + " and " + t.shape());
        }
        return kernel.compute(p, t);
    }
}
