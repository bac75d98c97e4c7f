package dev.cgan.backend.djl;

import dev.cgan.api.layer.Linear;
import dev.cgan.api.spi.EngineLayer;
import dev.cgan.backend.djl.kernel.TorchFunctions;

/** {@code nn.Linear}: libtorch's {@code linear}, {@code x W^T + b}. */
final class DjlLinear extends EngineLayer<DjlTensor, DjlContext, Linear> {

    private final DjlTensor weight;
    private final DjlTensor bias;

    DjlLinear(DjlContext context, Linear spec) {
        super(context, spec);
        this.weight = parameter("weight");
        this.bias = parameter("bias");
    }

    @Override
    protected DjlTensor compute(DjlTensor input, boolean training) {
        return context.compute(() -> TorchFunctions.linear(input.array(), weight.array(),
                DjlTensor.arrayOrNull(bias)));
    }
}
