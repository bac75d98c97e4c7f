package dev.cgan.backend.nd4j;

import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.spi.UpdateRule;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code torch.optim.SGD} with momentum (dampening 0, no Nesterov, no weight decay): {@code b = momentum · b + g} (the
 * first step copies {@code g}), {@code p -= lr · b}.
 */
final class Nd4jSgd implements UpdateRule<Nd4jTensor> {

    private final Nd4jContext context;
    private final OptimizerSpec.Sgd spec;

    Nd4jSgd(Nd4jContext context, OptimizerSpec.Sgd spec) {
        this.context = context;
        this.spec = spec;
    }

    @Override
    public void update(Nd4jTensor parameter, List<Nd4jTensor> state, long step) {
        INDArray gradient = parameter.gradientArray();
        INDArray direction = gradient;
        if (spec.momentum() != 0) {
            INDArray buffer = state.get(0).array();
            if (step == 1) {
                buffer.assign(gradient);
            } else {
                buffer.muli(spec.momentum()).addi(gradient);
            }
            direction = buffer;
        }
        parameter.array().addi(direction.mul((float) -spec.lr()));
    }

    @Override
    public void aroundStep(Runnable updates) {
        Nd4jOpTimer.timed(context, "Nd4jSgd step", updates);
    }
}
