package dev.cgan.backend.djl;

import dev.cgan.api.layer.Upsample;
import dev.cgan.api.spi.EngineLayer;

/**
 * Nearest upsampling as libtorch's {@code repeat_interleave} along height, then width: every pixel repeated
 * {@code scale} times on each axis is exactly {@code out[i, j] = x[floor(i / scale), floor(j / scale)]}, and libtorch's
 * autograd sums the copies' gradients back onto their pixel.
 */
final class DjlUpsample extends EngineLayer<DjlTensor, DjlContext, Upsample> {

    DjlUpsample(DjlContext context, Upsample spec) {
        super(context, spec);
    }

    @Override
    protected DjlTensor compute(DjlTensor input, boolean training) {
        long scale = spec.scale();
        return context.compute(() -> input.array().repeat(2, scale).repeat(3, scale));
    }
}
