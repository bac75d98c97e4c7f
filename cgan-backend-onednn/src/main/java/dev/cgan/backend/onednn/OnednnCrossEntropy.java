package dev.cgan.backend.onednn;

import dev.cgan.api.spi.LossKernel;
import dev.cgan.api.tensor.Shape;
import java.nio.FloatBuffer;

/**
 * PyTorch's {@code cross_entropy} with class-probability targets, as a Java loop per row:
 * {@code -sum(t * log_softmax(x, 1)) / N} with the log-softmax shifted by each row's maximum (finite for any finite
 * logits), and gradient {@code (softmax(x) * rowsum(t) - t) / N}. The targets get no gradient.
 */
record OnednnCrossEntropy(OnednnContext context) implements LossKernel<OnednnTensor> {

    @Override
    public OnednnTensor compute(OnednnTensor x, OnednnTensor t) {
        int rows = x.shape().dim(0);
        int classes = x.shape().dim(1);
        return context.compute(() -> {
            FloatBuffer xs = x.floats();
            FloatBuffer ts = t.floats();
            double total = 0;
            for (int r = 0; r < rows; r++) {
                int base = r * classes;
                float max = rowMax(xs, base, classes);
                float logSum = logSumExp(xs, base, classes, max);
                for (int c = 0; c < classes; c++) {
                    total += ts.get(base + c) * (xs.get(base + c) - max - logSum);
                }
            }
            return context.filled(Shape.scalar(), (float) (-total / rows));
        }, g -> {
            float scale = (float) (g.floats().get(0) / (double) rows);
            OnednnTensor dx = context.newTensor(x.shape());
            FloatBuffer xs = x.floats();
            FloatBuffer ts = t.floats();
            FloatBuffer out = dx.floats();
            for (int r = 0; r < rows; r++) {
                int base = r * classes;
                float max = rowMax(xs, base, classes);
                float logSum = logSumExp(xs, base, classes, max);
                float targetSum = 0f;
                for (int c = 0; c < classes; c++) {
                    targetSum += ts.get(base + c);
                }
                for (int c = 0; c < classes; c++) {
                    float softmax = (float) Math.exp(xs.get(base + c) - max - logSum);
                    out.put(base + c, (softmax * targetSum - ts.get(base + c)) * scale);
                }
            }
            return new OnednnTensor[] {dx};
        }, x);
    }

    private static float rowMax(FloatBuffer xs, int base, int classes) {
        float max = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            max = Math.max(max, xs.get(base + c));
        }
        return max;
    }

    private static float logSumExp(FloatBuffer xs, int base, int classes, float max) {
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            sum += Math.exp(xs.get(base + c) - max);
        }
        return (float) Math.log(sum);
    }
}
