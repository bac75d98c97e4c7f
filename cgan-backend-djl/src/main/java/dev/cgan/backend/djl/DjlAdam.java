package dev.cgan.backend.djl;

import ai.djl.ndarray.NDArray;
import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.tensor.Tensor;
import java.util.List;

/**
 * {@code torch.optim.Adam} (single-tensor path, no weight decay, no amsgrad), with its float32 operations in
 * PyTorch's order so that results match to the last bit where libtorch does not fuse:
 * <pre>
 * m.lerp_(g, 1 - beta1)
 * v.mul_(beta2).addcmul_(g, g, value = 1 - beta2)
 * p.addcdiv_(m, sqrt(v) / sqrt(1 - beta2^t) + eps, value = -lr / (1 - beta1^t))
 * </pre>
 * The scalars are computed in double, as Python does, and narrowed to float32 where libtorch narrows them.
 */
final class DjlAdam extends DjlOptimizer {

    private final OptimizerSpec.Adam spec;

    DjlAdam(DjlContext context, OptimizerSpec.Adam spec, List<Tensor> parameters, List<DjlTensor> params) {
        super(context, parameters, params, List.of("exp_avg", "exp_avg_sq"));
        this.spec = spec;
    }

    @Override
    public OptimizerSpec spec() {
        return spec;
    }

    @Override
    void update(int index, NDArray parameter, NDArray gradient, long step) {
        NDArray m = state(index, "exp_avg");
        NDArray v = state(index, "exp_avg_sq");
        lerp(m, gradient, (float) (1 - spec.beta1()));
        v.muli((float) spec.beta2()).addi(gradient.mul((float) (1 - spec.beta2())).mul(gradient));

        double biasCorrection1 = 1 - Math.pow(spec.beta1(), step);
        double biasCorrection2 = 1 - Math.pow(spec.beta2(), step);
        double stepSize = spec.lr() / biasCorrection1;
        double biasCorrection2Sqrt = Math.pow(biasCorrection2, 0.5);
        NDArray denominator = v.sqrt().div((float) biasCorrection2Sqrt).add((float) spec.eps());
        parameter.addi(m.mul((float) -stepSize).div(denominator));
    }

    /**
     * {@code m.lerp_(g, w)} in libtorch's two forms: {@code m + w (g - m)} for small weights, else
     * {@code g - (g - m)(1 - w)}, written as in-place steps with the same roundings.
     */
    private static void lerp(NDArray m, NDArray g, float w) {
        if (Math.abs(w) < 0.5f) {
            m.addi(g.sub(m).muli(w));
        } else {
            // (m - g)(1 - w) + g == g - (g - m)(1 - w): negation is exact.
            m.subi(g).muli(1f - w).addi(g);
        }
    }
}
