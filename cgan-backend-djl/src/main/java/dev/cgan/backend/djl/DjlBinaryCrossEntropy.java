package dev.cgan.backend.djl;

import dev.cgan.api.loss.Loss;
import dev.cgan.api.loss.LossSpec;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.backend.djl.kernel.BinaryCrossEntropy;

/**
 * Both of cgan's losses, PyTorch's binary cross-entropy on probabilities or on logits (see
 * {@link BinaryCrossEntropy}).
 */
final class DjlBinaryCrossEntropy implements Loss {

    private final DjlContext context;
    private final LossSpec spec;

    DjlBinaryCrossEntropy(DjlContext context, LossSpec spec) {
        this.context = context;
        this.spec = spec;
    }

    @Override
    public LossSpec spec() {
        return spec;
    }

    @Override
    public Tensor compute(Tensor prediction, Tensor target) {
        if (!prediction.shape().equals(target.shape())) {
            throw new IllegalArgumentException("loss needs prediction and target of the same shape, got "
                    + prediction.shape() + " and " + target.shape());
        }
        boolean logits = spec instanceof LossSpec.BinaryCrossEntropyWithLogits;
        return context.compute(() -> logits
                ? BinaryCrossEntropy.onLogits(context.array(prediction), context.array(target))
                : BinaryCrossEntropy.onProbabilities(context.array(prediction), context.array(target)));
    }
}
