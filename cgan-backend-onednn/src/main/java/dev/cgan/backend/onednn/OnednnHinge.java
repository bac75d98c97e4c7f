package dev.cgan.backend.onednn;

import dev.cgan.api.loss.LossSpec;
import dev.cgan.api.spi.LossKernel;
import dev.cgan.api.tensor.Shape;
import java.nio.FloatBuffer;

/**
 * The GAN hinge losses as Java loops over the tensors' memory: the discriminator's {@code mean(relu(1 - t * x))} with
 * gradient {@code -t / n} where {@code 1 - t * x > 0} (0 at exactly the margin, as PyTorch's relu), and the
 * generator's {@code -mean(t * x)} with gradient {@code -t / n}. Element terms are float32; the sum is taken in
 * double.
 */
record OnednnHinge(OnednnContext context, LossSpec.Hinge spec) implements LossKernel<OnednnTensor> {

    @Override
    public OnednnTensor compute(OnednnTensor x, OnednnTensor t) {
        boolean margin = spec.part() == LossSpec.Hinge.Part.DISCRIMINATOR;
        int n = x.size();
        return context.compute(() -> {
            FloatBuffer xs = x.floats();
            FloatBuffer ts = t.floats();
            double sum = 0;
            for (int i = 0; i < n; i++) {
                float tx = ts.get(i) * xs.get(i);
                sum += margin ? Math.max(1f - tx, 0f) : -tx;
            }
            return context.filled(Shape.scalar(), (float) (sum / n));
        }, g -> {
            float scale = (float) (g.floats().get(0) / (double) n);
            OnednnTensor dx = context.newTensor(x.shape());
            FloatBuffer xs = x.floats();
            FloatBuffer ts = t.floats();
            FloatBuffer out = dx.floats();
            for (int i = 0; i < n; i++) {
                float ti = ts.get(i);
                boolean active = !margin || 1f - ti * xs.get(i) > 0f;
                out.put(i, active ? -ti * scale : 0f);
            }
            return new OnednnTensor[] {dx};
        }, x);
    }
}
