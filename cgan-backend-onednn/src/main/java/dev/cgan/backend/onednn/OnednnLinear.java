package dev.cgan.backend.onednn;

import dev.cgan.api.layer.Linear;
import dev.cgan.api.spi.EngineLayer;

/** {@code nn.Linear} on oneDNN's inner product: forward, backward-data and backward-weights ({@link InnerProductKernel}). */
final class OnednnLinear extends EngineLayer<OnednnTensor, OnednnContext, Linear> {

    private final InnerProductKernel kernel;

    OnednnLinear(OnednnContext context, Linear spec) {
        super(context, spec);
        this.kernel = new InnerProductKernel(context, spec.in(), spec.out(), spec.bias());
    }

    @Override
    protected OnednnTensor compute(OnednnTensor x, boolean training) {
        OnednnTensor w = parameter("weight");
        OnednnTensor b = parameter("bias");
        return context.compute(() -> {
            OnednnTensor y = context.newTensor(spec.outputShape(x.shape()));
            kernel.forward(x, w, b, y);
            return y;
        }, g -> InnerProductGradients.of(context, kernel, x, w, b, g), x, w, b);
    }
}
