package dev.cgan.backend.nd4j;

import dev.cgan.api.loss.LossSpec;
import dev.cgan.api.spi.LossKernel;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The GAN hinge losses as Java sweeps over the dense arrays: the discriminator's {@code mean(relu(1 - t * x))} with
 * gradient {@code -t / n} where {@code 1 - t * x > 0} (0 at exactly the margin, as PyTorch's relu), and the
 * generator's {@code -mean(t * x)} with gradient {@code -t / n}. Element terms are float32, their sum is taken in
 * double.
 */
record Nd4jHinge(Nd4jContext context, LossSpec.Hinge spec) implements LossKernel<Nd4jTensor> {

    @Override
    public Nd4jTensor compute(Nd4jTensor x, Nd4jTensor target) {
        boolean margin = spec.part() == LossSpec.Hinge.Part.DISCRIMINATOR;
        int n = Math.toIntExact(x.array().length());
        return context.compute(() -> {
            FloatBuffer xs = DenseFloats.floats(x.array());
            FloatBuffer ts = DenseFloats.floats(target.array());
            double sum = 0;
            for (int i = 0; i < n; i++) {
                float tx = ts.get(i) * xs.get(i);
                sum += margin ? Math.max(1f - tx, 0f) : -tx;
            }
            return Nd4j.scalar((float) (sum / n));
        }, g -> {
            float scale = (float) (g.getDouble(0) / n);
            FloatBuffer xs = DenseFloats.floats(x.array());
            FloatBuffer ts = DenseFloats.floats(target.array());
            INDArray dx = DenseFloats.newArray(x.array().shape());
            FloatBuffer out = DenseFloats.floats(dx);
            for (int i = 0; i < n; i++) {
                float t = ts.get(i);
                boolean active = !margin || 1f - t * xs.get(i) > 0f;
                out.put(i, active ? -t * scale : 0f);
            }
            return new INDArray[] {dx};
        }, x);
    }
}
