package dev.cgan.backend.djl;

import ai.djl.ndarray.NDArray;
import dev.cgan.api.layer.ConvTranspose2d;
import dev.cgan.backend.djl.kernel.TransposedConvolution;

/**
 * {@code nn.ConvTranspose2d}. DJL's PyTorch engine has no transposed convolution, so it is composed from ordinary
 * convolutions by {@link TransposedConvolution} (exact, differentiable by autograd).
 */
final class DjlConvTranspose2d extends DjlConvolutionLayer {

    DjlConvTranspose2d(DjlContext context, ConvTranspose2d spec) {
        super(context, spec, spec.bias(), spec.stride(), spec.padding());
    }

    @Override
    NDArray apply(NDArray input, boolean training) {
        return TransposedConvolution.apply(context.convolution(), input, weight, bias, stride, padding);
    }
}
