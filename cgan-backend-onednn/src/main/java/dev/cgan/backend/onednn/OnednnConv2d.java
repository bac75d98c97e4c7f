package dev.cgan.backend.onednn;

import dev.cgan.api.layer.Conv2d;
import dev.cgan.api.spi.EngineLayer;

/**
 * {@code nn.Conv2d} on oneDNN's convolution primitives: forward, backward-data for the input's gradient and
 * backward-weights for the weight's and bias's, each made once per input shape ({@link ConvolutionKernel}).
 */
final class OnednnConv2d extends EngineLayer<OnednnTensor, OnednnContext, Conv2d> {

    private final ConvolutionKernel kernel;

    OnednnConv2d(OnednnContext context, Conv2d spec) {
        super(context, spec);
        this.kernel = new ConvolutionKernel(context, false, spec.in(), spec.out(), spec.kernel(), spec.stride(),
                spec.padding(), spec.bias());
    }

    @Override
    protected OnednnTensor compute(OnednnTensor x, boolean training) {
        return kernel.apply(x, parameter("weight"), parameter("bias"), outputShape(x));
    }

    /** Followed by an activation: the activation as the primitive's post-op (see {@link ConvolutionKernel}). */
    @Override
    protected OnednnTensor computeFused(EngineLayer<?, ?, ?> next, OnednnTensor x, boolean training) {
        return next instanceof OnednnActivation activation
                ? kernel.applyActivated(x, parameter("weight"), parameter("bias"), outputShape(x), activation.kernel())
                : null;
    }
}
