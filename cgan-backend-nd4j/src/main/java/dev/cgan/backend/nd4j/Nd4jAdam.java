package dev.cgan.backend.nd4j;

import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.tensor.Tensor;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@code torch.optim.Adam} (single-tensor path, no weight decay, no amsgrad) with its float32 operations in PyTorch's
 * order and rounding:
 * <pre>
 * m.lerp_(g, 1 - beta1)
 * v.mul_(beta2).addcmul_(g, g, value = 1 - beta2)
 * p.addcdiv_(m, sqrt(v) / sqrt(1 - beta2^t) + eps, value = -lr / (1 - beta1^t))
 * </pre>
 * Scalars are computed in double, as Python does; ND4J narrows them to float32 where it applies them, as libtorch does.
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
        INDArray m = state(index, "exp_avg");
        INDArray v = state(index, "exp_avg_sq");
        lerp(m, gradient, (float) (1 - spec.beta1()));
        v.muli(spec.beta2()).addi(gradient.mul((float) (1 - spec.beta2())).muli(gradient));

        double biasCorrection1 = 1 - Math.pow(spec.beta1(), step);
        double biasCorrection2 = 1 - Math.pow(spec.beta2(), step);
        double stepSize = spec.lr() / biasCorrection1;
        double biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
        INDArray denominator = Transforms.sqrt(v, true).divi((float) biasCorrection2Sqrt).addi((float) spec.eps());
        parameter.addi(m.mul((float) -stepSize).divi(denominator));
    }

    /**
     * {@code m.lerp_(g, w)} in libtorch's two forms: {@code m + w (g - m)} for small weights, else
     * {@code g - (g - m)(1 - w)}, as in-place steps with the same roundings.
     */
    private static void lerp(INDArray m, INDArray g, float w) {
        if (Math.abs(w) < 0.5f) {
            m.addi(g.sub(m).muli(w));
        } else {
            m.subi(g).muli(1f - w).addi(g);
        }
    }
}
