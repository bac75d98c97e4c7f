package dev.cgan.backend.onednn;

import dev.cgan.api.layer.Maxout;
import dev.cgan.api.spi.EngineLayer;
import dev.cgan.api.tensor.Shape;
import java.nio.FloatBuffer;

/**
 * Maxout: one oneDNN inner product {@code a = x W^T + b} to {@code units * pieces} features, viewed unit-major as
 * {@code [N, units, pieces]} and reduced by the maximum over the pieces in Java, remembering which piece won (the
 * first one on an exact tie). Backward sends each output's gradient to that piece only, then through the inner
 * product's backward primitives as {@link OnednnLinear} does.
 */
final class OnednnMaxout extends EngineLayer<OnednnTensor, OnednnContext, Maxout> {

    private final InnerProductKernel kernel;

    OnednnMaxout(OnednnContext context, Maxout spec) {
        super(context, spec);
        this.kernel = new InnerProductKernel(context, spec.in(), spec.units() * spec.pieces(), true);
    }

    @Override
    protected OnednnTensor compute(OnednnTensor x, boolean training) {
        OnednnTensor w = parameter("weight");
        OnednnTensor b = parameter("bias");
        int n = x.shape().dim(0);
        int units = spec.units();
        int pieces = spec.pieces();
        int[] winners = new int[n * units];
        return context.compute(() -> {
            OnednnTensor affine = context.newTensor(Shape.of(n, units * pieces));
            kernel.forward(x, w, b, affine);
            OnednnTensor y = context.newTensor(Shape.of(n, units));
            FloatBuffer a = affine.floats();
            FloatBuffer out = y.floats();
            for (int row = 0; row < n * units; row++) {
                int best = row * pieces;
                for (int k = best + 1; k < (row + 1) * pieces; k++) {
                    if (a.get(k) > a.get(best)) {
                        best = k;
                    }
                }
                winners[row] = best;
                out.put(row, a.get(best));
            }
            return y;
        }, g -> {
            OnednnTensor ga = context.filled(Shape.of(n, units * pieces), 0f);
            FloatBuffer scattered = ga.floats();
            FloatBuffer upstream = g.floats();
            for (int row = 0; row < n * units; row++) {
                scattered.put(winners[row], upstream.get(row));
            }
            return InnerProductGradients.of(context, kernel, x, w, b, ga);
        }, x, w, b);
    }
}
