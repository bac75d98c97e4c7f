package dev.cgan.backend.onednn;

import dev.cgan.api.spi.LossKernel;
import dev.cgan.api.tensor.Shape;
import java.nio.FloatBuffer;

/**
 * PyTorch's {@code binary_cross_entropy} on probabilities (mean reduction) as Java loops over the tensors' memory,
 * written out from PyTorch's kernel: {@code mean((t - 1) · max(log1p(-p), -100) - t · max(log p, -100))}, gradient
 * {@code (p - t) / max((1 - p) · p, 1e-12) / n}. Element terms are float32; the sum over elements is taken in double.
 */
final class OnednnBinaryCrossEntropy implements LossKernel<OnednnTensor> {

    private static final float LOG_FLOOR = -100f;
    private static final float GRADIENT_EPSILON = 1e-12f;

    private final OnednnContext context;

    OnednnBinaryCrossEntropy(OnednnContext context) {
        this.context = context;
    }

    @Override
    public OnednnTensor compute(OnednnTensor p, OnednnTensor t) {
        int n = p.size();
        return context.compute(() -> {
            FloatBuffer ps = p.floats();
            FloatBuffer ts = t.floats();
            double sum = 0;
            for (int i = 0; i < n; i++) {
                float pi = ps.get(i);
                float ti = ts.get(i);
                float logP = Math.max((float) Math.log(pi), LOG_FLOOR);
                float logNotP = Math.max((float) Math.log1p(-pi), LOG_FLOOR);
                sum += (ti - 1f) * logNotP - ti * logP;
            }
            return context.filled(Shape.scalar(), (float) (sum / n));
        }, g -> {
            float scale = (float) (g.floats().get(0) / (double) n);
            OnednnTensor dp = context.newTensor(p.shape());
            FloatBuffer ps = p.floats();
            FloatBuffer ts = t.floats();
            FloatBuffer out = dp.floats();
            for (int i = 0; i < n; i++) {
                float pi = ps.get(i);
                out.put(i, (pi - ts.get(i)) / Math.max((1f - pi) * pi, GRADIENT_EPSILON) * scale);
            }
            return new OnednnTensor[] {dp};
        }, p);
    }
}
