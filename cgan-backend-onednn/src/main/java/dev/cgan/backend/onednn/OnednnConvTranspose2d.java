package dev.cgan.backend.onednn;

import dev.cgan.api.layer.ConvTranspose2d;
import dev.cgan.api.spi.EngineLayer;

/**
 * {@code nn.ConvTranspose2d} on oneDNN's own deconvolution primitives in all three directions (forward,
 * backward-data, backward-weights), each made once per input shape ({@link ConvolutionKernel}); the weight
 * {@code [in, out, k, k]} is read in PyTorch's layout.
 */
final class OnednnConvTranspose2d extends EngineLayer<OnednnTensor, OnednnContext, ConvTranspose2d> {

    private final ConvolutionKernel kernel;

    OnednnConvTranspose2d(OnednnContext context, ConvTranspose2d spec) {
        super(context, spec);
        this.kernel = new ConvolutionKernel(context, true, spec.in(), spec.out(), spec.kernel(), spec.stride(),
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
