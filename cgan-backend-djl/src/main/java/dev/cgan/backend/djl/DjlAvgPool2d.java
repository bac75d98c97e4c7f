package dev.cgan.backend.djl;

import dev.cgan.api.layer.AvgPool2d;
import dev.cgan.api.spi.EngineLayer;
import dev.cgan.backend.djl.kernel.TorchFunctions;

/** Average pooling as libtorch's {@code avg_pool2d} (stride = kernel, no padding, floor); libtorch differentiates it. */
final class DjlAvgPool2d extends EngineLayer<DjlTensor, DjlContext, AvgPool2d> {

    DjlAvgPool2d(DjlContext context, AvgPool2d spec) {
        super(context, spec);
    }

    @Override
    protected DjlTensor compute(DjlTensor input, boolean training) {
        return context.compute(() -> TorchFunctions.avgPool2d(input.array(), spec.kernel()));
    }
}
