package dev.cgan.backend.onednn;

import dev.cgan.api.layer.Linear;
import dev.cgan.api.spi.EngineLayer;
import dev.cgan.api.tensor.Shape;

/** {@code nn.Linear} on oneDNN's inner product: forward, backward-data and backward-weights ({@link InnerProductKernel}). */
final class OnednnLinear extends EngineLayer<OnednnTensor, OnednnContext, Linear> {

    private final InnerProductKernel kernel;

    OnednnLinear(OnednnContext context, Linear spec) {
        super(context, spec);
        this.kernel = new InnerProductKernel(context, spec.in(), spec.out(), spec.bias());
    }

    @Override
    protected OnednnTensor compute(OnednnTensor x, boolean training) {
        return affine(context, kernel, x, parameter("weight"), parameter("bias"), outputShape(x));
    }

    /** {@code x W^T + b} on {@code kernel}, recorded with its backward; also {@link OnednnSpectralNorm}'s product. */
    static OnednnTensor affine(OnednnContext context, InnerProductKernel kernel, OnednnTensor x, OnednnTensor w,
                               OnednnTensor b, Shape outputShape) {
        return context.compute(() -> {
            OnednnTensor y = context.newTensor(outputShape);
            kernel.forward(x, w, b, y);
            return y;
        }, g -> InnerProductGradients.of(context, kernel, x, w, b, g), x, w, b);
    }
}
