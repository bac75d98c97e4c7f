package dev.cgan.backend.nd4j;

import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.tensor.Tensor;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code torch.optim.SGD} with momentum (dampening 0, no Nesterov, no weight decay): {@code b = momentum · b + g} (the
 * first step copies {@code g}), {@code p -= lr · b}.
 */
final class Nd4jSgd extends Nd4jOptimizer {

    private final OptimizerSpec.Sgd spec;

    Nd4jSgd(Nd4jContext context, OptimizerSpec.Sgd spec, List<Tensor> parameters, List<Nd4jTensor> params) {
        super(context, parameters, params, List.of("momentum_buffer"));
        this.spec = spec;
    }

    @Override
    public OptimizerSpec spec() {
        return spec;
    }

    @Override
    void update(int index, INDArray parameter, INDArray gradient, long step) {
        INDArray direction = gradient;
        if (spec.momentum() != 0) {
            INDArray buffer = state(index, "momentum_buffer");
            if (step == 1) {
                buffer.assign(gradient);
            } else {
                buffer.muli(spec.momentum()).addi(gradient);
            }
            direction = buffer;
        }
        parameter.addi(direction.mul((float) -spec.lr()));
    }
}
