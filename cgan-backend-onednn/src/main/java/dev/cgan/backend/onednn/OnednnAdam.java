package dev.cgan.backend.onednn;

import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.spi.AdamStep;
import dev.cgan.api.spi.UpdateRule;
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
 * The step's scalars come from {@link AdamStep} in double, narrowed to float32 where they are applied, as libtorch
 * does (Java does not fuse multiply-adds, so each operation rounds as libtorch's do).
 */
final class OnednnAdam implements UpdateRule<OnednnTensor> {

    private final OptimizerSpec.Adam spec;

    OnednnAdam(OptimizerSpec.Adam spec) {
        this.spec = spec;
    }

    @Override
    public void update(OnednnTensor parameter, List<OnednnTensor> state, long step) {
        FloatBuffer p = parameter.floats();
        FloatBuffer g = parameter.gradient().floats();
        FloatBuffer m = state.get(0).floats();
        FloatBuffer v = state.get(1).floats();
        AdamStep scalars = AdamStep.of(spec, step);
        float w = (float) (1 - spec.beta1());
        float keep = 1f - w;
        boolean smallWeight = Math.abs(w) < 0.5f;
        float beta2 = (float) spec.beta2();
        float oneMinusBeta2 = (float) (1 - spec.beta2());
        float negativeStepSize = (float) -scalars.stepSize();
        float biasCorrection2Sqrt = (float) scalars.biasCorrection2Sqrt();
        float eps = (float) spec.eps();
        HostLoops.inChunks(parameter.size(), (from, to) -> {
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
