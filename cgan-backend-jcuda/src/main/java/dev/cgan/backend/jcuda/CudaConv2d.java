package dev.cgan.backend.jcuda;

import dev.cgan.api.layer.Conv2d;
import dev.cgan.api.spi.ConvolutionShape;

/** {@code nn.Conv2d}: cuDNN forward; backward-data for the input's gradient, backward-filter for the weight's. */
final class CudaConv2d extends CudaConvolution {

    CudaConv2d(CudaContext context, Conv2d spec) {
        super(context, spec, input -> ConvolutionShape.of(spec, input));
    }

    @Override
    void product(ConvolutionPlan plan, CudaTensor x, CudaTensor w, CudaTensor y) {
        plan.forward(x.data(), w.data(), y.data());
    }

    @Override
    void inputGradient(ConvolutionPlan plan, CudaTensor w, CudaTensor dy, CudaTensor dx) {
        plan.backwardData(w.data(), dy.data(), dx.data());
    }

    @Override
    void weightGradient(ConvolutionPlan plan, CudaTensor x, CudaTensor dy, CudaTensor dw) {
        plan.backwardFilter(x.data(), dy.data(), dw.data());
    }
}
