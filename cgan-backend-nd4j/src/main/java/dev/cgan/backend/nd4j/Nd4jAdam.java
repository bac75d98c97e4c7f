package dev.cgan.backend.nd4j;

import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.spi.AdamStep;
import dev.cgan.api.spi.UpdateRule;
import java.nio.FloatBuffer;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code torch.optim.Adam} (single-tensor path, no weight decay, no amsgrad) with its float32 operations in PyTorch's
 * order and rounding:
 * <pre>
 * m.lerp_(g, 1 - beta1)
 * v.mul_(beta2).addcmul_(g, g, value = 1 - beta2)
 * p.addcdiv_(m, sqrt(v) / sqrt(1 - beta2^t) + eps, value = -lr / (1 - beta1^t))
 * </pre>
 * Scalars are computed in double, as Python does ({@link AdamStep}), and narrowed to float32 where they are applied,
 * as libtorch does. One sweep over each parameter does all of it, every operation rounded to float32 in that order
 * (Java does not fuse multiply-adds).
 */
final class Nd4jAdam implements UpdateRule<Nd4jTensor> {

    private final Nd4jContext context;
    private final OptimizerSpec.Adam spec;

    Nd4jAdam(Nd4jContext context, OptimizerSpec.Adam spec) {
        this.context = context;
        this.spec = spec;
    }

    @Override
    public void update(Nd4jTensor parameter, List<Nd4jTensor> state, long step) {
        sweep(spec, step, parameter.array(), parameter.gradientArray(), state.get(0).array(), state.get(1).array());
    }

    /** Step {@code step} of {@code spec} on {@code parameter} and its moments {@code expAvg}, {@code expAvgSq}. */
    static void sweep(OptimizerSpec.Adam spec, long step, INDArray parameter, INDArray gradient, INDArray expAvg,
                      INDArray expAvgSq) {
        FloatBuffer p = DenseFloats.floats(parameter);
        FloatBuffer g = DenseFloats.floats(gradient);
        FloatBuffer m = DenseFloats.floats(expAvg);
        FloatBuffer v = DenseFloats.floats(expAvgSq);
        float w = (float) (1 - spec.beta1());
        float keep = 1f - w;
        boolean smallWeight = Math.abs(w) < 0.5f;
        float beta2 = (float) spec.beta2();
        float oneMinusBeta2 = (float) (1 - spec.beta2());
        AdamStep scalars = AdamStep.of(spec, step);
        float negativeStepSize = (float) -scalars.stepSize();
        float biasCorrection2Sqrt = (float) scalars.biasCorrection2Sqrt();
        float eps = (float) spec.eps();
        DenseFloats.inChunks(Math.toIntExact(parameter.length()), (from, to) -> {
            for (int i = from; i < to; i++) {
                float gi = g.get(i);
                float mi = m.get(i);
                // m.lerp_(g, w) in libtorch's two forms: m + w (g - m) for small weights, else g - (g - m)(1 - w).
                mi = smallWeight ? mi + (gi - mi) * w : (mi - gi) * keep + gi;
                float vi = v.get(i) * beta2 + gi * oneMinusBeta2 * gi;
                float denominator = (float) Math.sqrt(vi) / biasCorrection2Sqrt + eps;
                m.put(i, mi);
                v.put(i, vi);
                p.put(i, p.get(i) + mi * negativeStepSize / denominator);
            }
        });
    }

    @Override
    public void aroundStep(Runnable updates) {
        Nd4jOpTimer.timed(context, "Nd4jAdam step", updates);
    }
}
