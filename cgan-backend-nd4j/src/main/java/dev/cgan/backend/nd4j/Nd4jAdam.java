package dev.cgan.backend.nd4j;

import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.tensor.Tensor;
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
 * Scalars are computed in double, as Python does, and narrowed to float32 where they are applied, as libtorch does.
 * One sweep over each parameter does all of it, every operation rounded to float32 in that order (Java does not fuse
 * multiply-adds).
 */
final class Nd4jAdam extends Nd4jOptimizer {

    private final OptimizerSpec.Adam spec;

    Nd4jAdam(Nd4jContext context, OptimizerSpec.Adam spec, List<Tensor> parameters, List<Nd4jTensor> params) {
        super(context, parameters, params, List.of("exp_avg", "exp_avg_sq"));
        this.spec = spec;
    }

    @Override
    public OptimizerSpec spec() {
        return spec;
    }

    @Override
    void update(int index, INDArray parameter, INDArray gradient, long step) {
        FloatBuffer p = DenseFloats.floats(parameter);
        FloatBuffer g = DenseFloats.floats(gradient);
        FloatBuffer m = DenseFloats.floats(state(index, "exp_avg"));
        FloatBuffer v = DenseFloats.floats(state(index, "exp_avg_sq"));
        float w = (float) (1 - spec.beta1());
        float keep = 1f - w;
        boolean smallWeight = Math.abs(w) < 0.5f;
        float beta2 = (float) spec.beta2();
        float oneMinusBeta2 = (float) (1 - spec.beta2());
        double biasCorrection1 = 1 - Math.pow(spec.beta1(), step);
        double biasCorrection2 = 1 - Math.pow(spec.beta2(), step);
        float negativeStepSize = (float) -(spec.lr() / biasCorrection1);
        float biasCorrection2Sqrt = (float) Math.sqrt(biasCorrection2);
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
}
