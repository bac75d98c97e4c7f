package dev.cgan.backend.onednn;

import dev.cgan.api.loss.Loss;
import dev.cgan.api.loss.LossSpec;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import java.nio.FloatBuffer;

/**
 * PyTorch's two binary cross-entropy losses (mean reduction) as Java loops over the tensors' memory, value and
 * gradient written out from PyTorch's kernels:
 * <ul>
 *   <li>on probabilities: {@code mean((t - 1) · max(log1p(-p), -100) - t · max(log p, -100))}, gradient
 *       {@code (p - t) / max((1 - p) · p, 1e-12) / n};</li>
 *   <li>on logits: {@code mean((1 - t) · x + softplus(-x))}, gradient {@code (sigmoid(x) - t) / n}.</li>
 * </ul>
 * Element terms are float32; the sum over elements is taken in double.
 */
final class OnednnBinaryCrossEntropy implements Loss {

    private static final float LOG_FLOOR = -100f;
    private static final float GRADIENT_EPSILON = 1e-12f;

    private final OnednnContext context;
    private final LossSpec spec;
    private final boolean logits;

    OnednnBinaryCrossEntropy(OnednnContext context, LossSpec spec) {
        this.context = context;
        this.spec = spec;
        this.logits = spec instanceof LossSpec.BinaryCrossEntropyWithLogits;
    }

    @Override
    public LossSpec spec() {
        return spec;
    }

    @Override
    public Tensor compute(Tensor prediction, Tensor target) {
        if (!prediction.shape().equals(target.shape())) {
            throw new IllegalArgumentException("loss needs prediction and target of the same shape, got "
                    + prediction.shape() + " and " + target.shape());
        }
        OnednnTensor x = context.own(prediction);
        OnednnTensor t = context.own(target);
        int n = x.size();
        return context.compute(() -> {
            FloatBuffer xs = x.floats();
            FloatBuffer ts = t.floats();
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += logits ? onLogits(xs.get(i), ts.get(i)) : onProbability(xs.get(i), ts.get(i));
            }
            return context.filled(Shape.scalar(), (float) (sum / n));
        }, g -> {
            float scale = (float) (g.floats().get(0) / (double) n);
            OnednnTensor dx = context.newTensor(x.shape());
            FloatBuffer xs = x.floats();
            FloatBuffer ts = t.floats();
            FloatBuffer out = dx.floats();
            for (int i = 0; i < n; i++) {
                float xi = xs.get(i);
                float ti = ts.get(i);
                float d = logits ? (sigmoid(xi) - ti) : (xi - ti) / Math.max((1f - xi) * xi, GRADIENT_EPSILON);
                out.put(i, d * scale);
            }
            return new OnednnTensor[] {dx};
        }, x);
    }

    private static float onProbability(float p, float t) {
        float logP = Math.max((float) Math.log(p), LOG_FLOOR);
        float logNotP = Math.max((float) Math.log1p(-p), LOG_FLOOR);
        return (t - 1f) * logNotP - t * logP;
    }

    private static float onLogits(float x, float t) {
        // softplus(-x) = log(1 + exp(-x)), evaluated stably as max(-x, 0) + log1p(exp(-|x|)).
        float softplus = Math.max(-x, 0f) + (float) Math.log1p(Math.exp(-Math.abs(x)));
        return (1f - t) * x + softplus;
    }

    private static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }
}
