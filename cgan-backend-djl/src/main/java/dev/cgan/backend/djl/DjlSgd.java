package dev.cgan.backend.djl;

import ai.djl.ndarray.NDArray;
import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.backend.djl.kernel.TorchFunctions;
import java.util.List;

/**
 * {@code torch.optim.SGD} with momentum (dampening 0, no Nesterov, no weight decay): {@code b = momentum · b + g} (the
 * first step copies {@code g}), {@code p -= lr · b}.
 */
final class DjlSgd extends DjlOptimizer {

    private final OptimizerSpec.Sgd spec;

    DjlSgd(DjlContext context, OptimizerSpec.Sgd spec, List<Tensor> parameters, List<DjlTensor> params) {
        super(context, parameters, params, List.of("momentum_buffer"));
        this.spec = spec;
    }

    @Override
    public OptimizerSpec spec() {
        return spec;
    }

    @Override
    void update(int index, NDArray parameter, NDArray gradient, long step) {
        NDArray direction = gradient;
        if (spec.momentum() != 0) {
            NDArray buffer = state(index, "momentum_buffer");
            if (step == 1) {
                TorchFunctions.copyInto(buffer, gradient);
            } else {
                buffer.muli((float) spec.momentum()).addi(gradient);
            }
            direction = buffer;
        }
        parameter.addi(direction.mul((float) -spec.lr()));
    }
}
