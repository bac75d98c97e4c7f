package dev.cgan.backend.onednn;

import dev.cgan.api.layer.Embedding;
import dev.cgan.api.spi.EngineLayer;
import dev.cgan.api.tensor.Shape;
import java.nio.FloatBuffer;

/**
 * Embedding on one-hot labels as Java loops over plain memory: {@code y = x W} ({@code W [classes, dim]}), backward
 * {@code dx = g W^T} and {@code dW = x^T g}, each sum accumulated in float in index order. The tables are small
 * ({@code classes x dim}, a few thousand elements), and oneDNN's inner product wants the weight as {@code [out, in]},
 * the transpose of PyTorch's embedding layout.
 */
final class OnednnEmbedding extends EngineLayer<OnednnTensor, OnednnContext, Embedding> {

    OnednnEmbedding(OnednnContext context, Embedding spec) {
        super(context, spec);
    }

    @Override
    protected OnednnTensor compute(OnednnTensor x, boolean training) {
        return rows(context, x, parameter("weight"), spec.classes(), spec.dim());
    }

    /** {@code x w} for labels {@code x [N, classes]} and a table {@code w [classes, dim]}, recorded on the tape. */
    static OnednnTensor rows(OnednnContext context, OnednnTensor x, OnednnTensor w, int classes, int dim) {
        int n = x.shape().dim(0);
        return context.compute(() -> {
            OnednnTensor y = context.newTensor(Shape.of(n, dim));
            FloatBuffer xs = x.floats();
            FloatBuffer ws = w.floats();
            FloatBuffer out = y.floats();
            for (int r = 0; r < n; r++) {
                for (int d = 0; d < dim; d++) {
                    float sum = 0f;
                    for (int c = 0; c < classes; c++) {
                        sum += xs.get(r * classes + c) * ws.get(c * dim + d);
                    }
                    out.put(r * dim + d, sum);
                }
            }
            return y;
        }, g -> {
            FloatBuffer gs = g.floats();
            FloatBuffer xs = x.floats();
            FloatBuffer ws = w.floats();
            OnednnTensor dx = context.newTensor(x.shape());
            FloatBuffer dxs = dx.floats();
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < classes; c++) {
                    float sum = 0f;
                    for (int d = 0; d < dim; d++) {
                        sum += gs.get(r * dim + d) * ws.get(c * dim + d);
                    }
                    dxs.put(r * classes + c, sum);
                }
            }
            OnednnTensor dw = context.newTensor(w.shape());
            FloatBuffer dws = dw.floats();
            for (int c = 0; c < classes; c++) {
                for (int d = 0; d < dim; d++) {
                    float sum = 0f;
                    for (int r = 0; r < n; r++) {
                        sum += xs.get(r * classes + c) * gs.get(r * dim + d);
                    }
                    dws.put(c * dim + d, sum);
                }
            }
            return new OnednnTensor[] {dx, dw};
        }, x, w);
    }
}
