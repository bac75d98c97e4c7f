package dev.cgan.backend.jcuda;

import dev.cgan.api.layer.Linear;
import dev.cgan.api.spi.EngineLayer;
import dev.cgan.api.tensor.Shape;

/**
 * {@code nn.Linear} on cuBLAS: {@code y = x W^T + b} for x {@code [N, in]}, W {@code [out, in]}; gradients
 * {@code dx = dy W} and {@code dW = dy^T x}, and {@code db} the column sums of dy.
 */
final class CudaLinear extends EngineLayer<CudaTensor, CudaContext, Linear> {

    CudaLinear(CudaContext context, Linear spec) {
        super(context, spec);
    }

    @Override
    protected CudaTensor compute(CudaTensor x, boolean training) {
        return affine(context, x, parameter("weight"), spec.bias() ? parameter("bias") : null, spec.in(), spec.out());
    }

    /**
     * {@code x W^T + b} for x {@code [N, in]}, W {@code [out, in]} and b {@code [out]} (or null), recorded on the tape
     * when one is open; also the first step of {@link CudaMaxout}.
     */
    static CudaTensor affine(CudaContext context, CudaTensor x, CudaTensor w, CudaTensor b, int in, int out) {
        int batch = x.shape().dim(0);
        CudaTensor y = context.allocate(Shape.of(batch, out));
        new RowMajorGemm(batch, out, in, false, true).run(context, x, w, y, 0f);
        if (b != null) {
            context.ops().addChannelBias(y, b, out, 1);
        }
        var tape = context.recording(x, w, b);
        if (tape != null) {
            tape.record(y, (dy, grads) -> {
                if (grads.wants(x)) {
                    CudaTensor dx = context.allocate(x.shape());
                    new RowMajorGemm(batch, in, out, false, false).run(context, dy, w, dx, 0f);
                    grads.add(x, dx);
                }
                if (grads.wants(w)) {
                    CudaTensor dw = context.allocate(w.shape());
                    new RowMajorGemm(out, in, batch, true, false).run(context, dy, x, dw, 0f);
                    grads.add(w, dw);
                }
                if (b != null && grads.wants(b)) {
                    grads.add(b, context.ops().channelSum(dy, batch, out, 1));
                }
            });
        }
        return y;
    }
}
