package dev.cgan.backend.djl;

import ai.djl.ndarray.NDArray;
import dev.cgan.api.layer.Conv2d;

/** {@code nn.Conv2d}: the context's convolution (libtorch's own where it passes the self-check). */
final class DjlConv2d extends DjlLayer {

    private final Conv2d spec;
    private final NDArray weight;
    private final NDArray bias;

    DjlConv2d(DjlContext context, Conv2d spec) {
        super(context, spec);
        this.spec = spec;
        this.weight = parameter("weight", 0f);
        this.bias = spec.bias() ? parameter("bias", 0f) : null;
    }

    @Override
    NDArray apply(NDArray input, boolean training) {
        return context.convolution().apply(input, weight, bias, spec.stride(), spec.padding());
    }
}
