package dev.cgan.backend.jcuda;

import dev.cgan.api.layer.Linear;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;

/**
 * {@code nn.Linear} on cuBLAS: {@code y = x W^T + b} for x {@code [N, in]}, W {@code [out, in]}; gradients
 * {@code dx = dy W} and {@code dW = dy^T x}, and {@code db} the column sums of dy.
 */
final class CudaLinear extends CudaLayer {

    private final Linear spec;

    CudaLinear(CudaContext context, Linear spec) {
        super(context, spec);
        this.spec = spec;
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        CudaTensor x = input(input);
        CudaTensor w = parameter("weight");
        CudaTensor b = spec.bias() ? parameter("bias") : null;
        int batch = x.shape().dim(0);
        CudaTensor y = context.allocate(Shape.of(batch, spec.out()));
        new RowMajorGemm(batch, spec.out(), spec.in(), false, true).run(context, x, w, y, 0f);
        if (b != null) {
            context.ops().addChannelBias(y, b, spec.out(), 1);
        }
        CudaTape tape = context.recording(x, w, b);
        if (tape != null) {
            tape.record(y, (dy, grads) -> {
                if (grads.wants(x)) {
                    CudaTensor dx = context.allocate(x.shape());
                    new RowMajorGemm(batch, spec.in(), spec.out(), false, false).run(context, dy, w, dx, 0f);
                    grads.add(x, dx);
                }
                if (grads.wants(w)) {
                    CudaTensor dw = context.allocate(w.shape());
                    new RowMajorGemm(spec.out(), spec.in(), batch, true, false).run(context, dy, x, dw, 0f);
                    grads.add(w, dw);
                }
                if (b != null && grads.wants(b)) {
                    grads.add(b, context.ops().channelSum(dy, batch, spec.out(), 1));
                }
            });
        }
        return y;
    }
}
