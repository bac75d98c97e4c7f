package dev.cgan.backend.djl;

import dev.cgan.api.layer.Maxout;
import dev.cgan.api.spi.EngineLayer;
import dev.cgan.backend.djl.kernel.TorchFunctions;

/**
 * Maxout: one libtorch {@code linear} to {@code units * pieces} features, viewed unit-major as
 * {@code [N, units, pieces]} and reduced by libtorch's {@code max} over the pieces (its gradient reaches the maximal
 * piece).
 */
final class DjlMaxout extends EngineLayer<DjlTensor, DjlContext, Maxout> {

    DjlMaxout(DjlContext context, Maxout spec) {
        super(context, spec);
    }

    @Override
    protected DjlTensor compute(DjlTensor input, boolean training) {
        DjlTensor weight = parameter("weight");
        DjlTensor bias = parameter("bias");
        return context.compute(() -> TorchFunctions.linear(input.array(), weight.array(), bias.array())
                .reshape(input.shape().dim(0), spec.units(), spec.pieces())
                .max(new int[] {2}));
    }
}
