package dev.cgan.backend.jcuda;

import dev.cgan.api.layer.ConvTranspose2d;
import dev.cgan.api.spi.ConvolutionShape;

/**
 * {@code nn.ConvTranspose2d} as cuDNN's convolution run backwards (see {@link ConvGeometry#of}): the layer's output is
 * the input of cuDNN's convolution, so the forward pass is backward-data, the input's gradient is a forward
 * convolution of the output's gradient, and the weight's gradient is backward-filter with the roles of input and output
 * gradient exchanged.
 */
final class CudaConvTranspose2d extends CudaConvolution {

    CudaConvTranspose2d(CudaContext context, ConvTranspose2d spec) {
        super(context, spec, input -> ConvolutionShape.of(spec, input));
    }

    @Override
    void product(ConvolutionPlan plan, CudaTensor x, CudaTensor w, CudaTensor y) {
        plan.backwardData(w.data(), x.data(), y.data());
    }

    @Override
    void inputGradient(ConvolutionPlan plan, CudaTensor w, CudaTensor dy, CudaTensor dx) {
        plan.forward(dy.data(), w.data(), dx.data());
    }

    @Override
    void weightGradient(ConvolutionPlan plan, CudaTensor x, CudaTensor dy, CudaTensor dw) {
        plan.backwardFilter(dy.data(), x.data(), dw.data());
    }
}
