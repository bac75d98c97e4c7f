package dev.cgan.backend.onednn;

import dev.cgan.api.layer.Linear;
import dev.cgan.api.tensor.Tensor;
import java.util.Map;

/** {@code nn.Linear} on oneDNN's inner product: forward, backward-data and backward-weights ({@link InnerProductKernel}). */
final class OnednnLinear extends OnednnLayer {

    private final Linear spec;
    private final InnerProductKernel kernel;

    OnednnLinear(OnednnContext context, Linear spec) {
        super(context, spec, Map.of());
        this.spec = spec;
        this.kernel = new InnerProductKernel(context, spec.in(), spec.out(), spec.bias());
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        OnednnTensor x = input(input);
        OnednnTensor w = parameter("weight");
        OnednnTensor b = parameter("bias");
        return context.compute(() -> {
            OnednnTensor y = context.newTensor(spec.outputShape(x.shape()));
            kernel.forward(x, w, b, y);
            return y;
        }, g -> InnerProductGradients.of(context, kernel, x, w, b, g), x, w, b);
    }
}
