package dev.cgan.backend.djl;

import dev.cgan.api.layer.Conv2d;
import dev.cgan.api.spi.EngineLayer;

/** {@code nn.Conv2d}: the context's convolution (libtorch's own where it passes the self-check). */
final class DjlConv2d extends EngineLayer<DjlTensor, DjlContext, Conv2d> {

    private final DjlTensor weight;
    private final DjlTensor bias;

    DjlConv2d(DjlContext context, Conv2d spec) {
        super(context, spec);
        this.weight = parameter("weight");
        this.bias = parameter("bias");
    }

    @Override
    protected DjlTensor compute(DjlTensor input, boolean training) {
        return context.compute(() -> context.convolution().apply(input.array(), weight.array(),
                DjlTensor.arrayOrNull(bias), spec.stride(), spec.padding()));
    }
}
