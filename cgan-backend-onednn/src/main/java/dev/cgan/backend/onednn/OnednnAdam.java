package dev.cgan.backend.onednn;

import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.tensor.Tensor;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * {@code torch.optim.Adam} (single-tensor path, no weight decay, no amsgrad) as one tight loop per parameter, with
 * its float32 operations in PyTorch's order and rounding:
 * <pre>
 * m.lerp_(g, 1 - beta1)
 * v.mul_(beta2).addcmul_(g, g, value = 1 - beta2)
 * p.addcdiv_(m, sqrt(v) / sqrt(1 - beta2^t) + eps, value = -lr / (1 - beta1^t))
 * </pre>
 * Scalars are computed in double, as Python does, and narrowed to float32 where they are applied, as libtorch does
 * (Java does not fuse multiply-adds, so each operation rounds as libtorch's do).
 */
final class OnednnAdam extends OnednnOptimizer {

    private final OptimizerSpec.Adam spec;

    OnednnAdam(OnednnContext context, OptimizerSpec.Adam spec, List<Tensor> parameters, List<OnednnTensor> params) {
        super(context, parameters, params, List.of("exp_avg", "exp_avg_sq"));
        this.spec = spec;
    }

    @Override
    public OptimizerSpec spec() {
        return spec;
    }

    @Override
    void update(int index, FloatBuffer p, FloatBuffer g, int size, long step) {
        FloatBuffer m = state(index, "exp_avg");
        FloatBuffer v = state(index, "exp_avg_sq");
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
        HostLoops.inChunks(size, (from, to) -> {
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
