package dev.cgan.backend.djl;

import dev.cgan.api.layer.ConvTranspose2d;
import dev.cgan.api.spi.EngineLayer;
import dev.cgan.backend.djl.kernel.TransposedConvolution;

/**
 * {@code nn.ConvTranspose2d}. DJL's PyTorch engine has no transposed convolution, so it is composed from ordinary
 * convolutions by {@link TransposedConvolution} (exact, differentiable by autograd).
 */
final class DjlConvTranspose2d extends EngineLayer<DjlTensor, DjlContext, ConvTranspose2d> {

    private final DjlTensor weight;
    private final DjlTensor bias;

    DjlConvTranspose2d(DjlContext context, ConvTranspose2d spec) {
        super(context, spec);
        this.weight = parameter("weight");
        this.bias = parameter("bias");
    }

    @Override
    protected DjlTensor compute(DjlTensor input, boolean training) {
        return context.compute(() -> TransposedConvolution.apply(context.convolution(), input.array(),
                weight.array(), DjlTensor.arrayOrNull(bias), spec.stride(), spec.padding()));
    }
}
