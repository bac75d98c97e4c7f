package dev.cgan.backend.djl;

import ai.djl.ndarray.NDArray;
import dev.cgan.api.layer.Conv2d;

/** {@code nn.Conv2d}: the context's convolution (libtorch's own where it passes the self-check). */
final class DjlConv2d extends DjlConvolutionLayer {

    DjlConv2d(DjlContext context, Conv2d spec) {
        super(context, spec, spec.bias(), spec.stride(), spec.padding());
    }

    @Override
    NDArray apply(NDArray input, boolean training) {
        return context.convolution().apply(input, weight, bias, stride, padding);
    }
}
