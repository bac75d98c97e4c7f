package dev.cgan.backend.onednn;

import dev.cgan.api.spi.LossKernel;
import dev.cgan.api.tensor.Shape;
import java.nio.FloatBuffer;

/**
 * PyTorch's {@code binary_cross_entropy_with_logits} (mean reduction) as Java loops over the tensors' memory:
 * {@code mean((1 - t) · x + softplus(-x))} with {@code softplus(-x) = max(-x, 0) + log1p(exp(-|x|))} (finite for any
 * finite logit), gradient {@code (sigmoid(x) - t) / n}. Element terms are float32; the sum is taken in double.
 */
record OnednnBinaryCrossEntropyWithLogits(OnednnContext context) implements LossKernel<OnednnTensor> {

    @Override
    public OnednnTensor compute(OnednnTensor x, OnednnTensor t) {
        int n = x.size();
        return context.compute(() -> {
            FloatBuffer xs = x.floats();
            FloatBuffer ts = t.floats();
            double sum = 0;
            for (int i = 0; i < n; i++) {
                float xi = xs.get(i);
                float softplus = Math.max(-xi, 0f) + (float) Math.log1p(Math.exp(-Math.abs(xi)));
                sum += (1f - ts.get(i)) * xi + softplus;
            }
            return context.filled(Shape.scalar(), (float) (sum / n));
        }, g -> {
            float scale = (float) (g.floats().get(0) / (double) n);
            OnednnTensor dx = context.newTensor(x.shape());
            FloatBuffer xs = x.floats();
            FloatBuffer ts = t.floats();
            FloatBuffer out = dx.floats();
            for (int i = 0; i < n; i++) {
                float sigmoid = (float) (1.0 / (1.0 + Math.exp(-xs.get(i))));
                out.put(i, (sigmoid - ts.get(i)) * scale);
            }
            return new OnednnTensor[] {dx};
        }, x);
    }
}
