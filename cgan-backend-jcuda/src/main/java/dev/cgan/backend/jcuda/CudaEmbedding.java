package dev.cgan.backend.jcuda;

import dev.cgan.api.layer.Embedding;
import dev.cgan.api.spi.EngineLayer;
import dev.cgan.api.tensor.Shape;

/**
 * Embedding on one-hot labels on cuBLAS: {@code y = x W} for x {@code [N, classes]}, W {@code [classes, dim]};
 * gradients {@code dx = dy W^T} and {@code dW = x^T dy}.
 */
final class CudaEmbedding extends EngineLayer<CudaTensor, CudaContext, Embedding> {

    CudaEmbedding(CudaContext context, Embedding spec) {
        super(context, spec);
    }

    @Override
    protected CudaTensor compute(CudaTensor x, boolean training) {
        return rows(context, x, parameter("weight"), spec.classes(), spec.dim());
    }

    /** {@code x w} for labels {@code x [N, classes]} and a table {@code w [classes, dim]}, recorded on the tape. */
    static CudaTensor rows(CudaContext context, CudaTensor x, CudaTensor w, int classes, int dim) {
        int batch = x.shape().dim(0);
        CudaTensor y = context.allocate(Shape.of(batch, dim));
        new RowMajorGemm(batch, dim, classes, false, false).run(context, x, w, y, 0f);
        var tape = context.recording(x, w);
        if (tape != null) {
            tape.record(y, (dy, grads) -> {
                if (grads.wants(x)) {
                    CudaTensor dx = context.allocate(x.shape());
                    new RowMajorGemm(batch, classes, dim, false, true).run(context, dy, w, dx, 0f);
                    grads.add(x, dx);
                }
                if (grads.wants(w)) {
                    CudaTensor dw = context.allocate(w.shape());
                    new RowMajorGemm(classes, dim, batch, true, false).run(context, x, dy, dw, 0f);
                    grads.add(w, dw);
                }
            });
        }
        return y;
    }
}
