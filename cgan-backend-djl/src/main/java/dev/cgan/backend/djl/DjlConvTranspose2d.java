package dev.cgan.backend.djl;

import ai.djl.ndarray.NDArray;
import dev.cgan.api.layer.ConvTranspose2d;
import dev.cgan.backend.djl.kernel.TransposedConvolution;

/**
 * {@code nn.ConvTranspose2d}. DJL's PyTorch engine has no transposed convolution, so it is composed from ordinary
 * convolutions by {@link TransposedConvolution} (exact, differentiable by autograd).
 */
final class DjlConvTranspose2d extends DjlLayer {

    private final ConvTranspose2d spec;
    private final NDArray weight;
    private final NDArray bias;

    DjlConvTranspose2d(DjlContext context, ConvTranspose2d spec) {
        super(context, spec);
        this.spec = spec;
        this.weight = parameter("weight", 0f);
        this.bias = spec.bias() ? parameter("bias", 0f) : null;
    }

    @Override
    NDArray apply(NDArray input, boolean training) {
        return TransposedConvolution.apply(context.convolution(), input, weight, bias, spec.stride(),
                spec.padding());
    }
}
