package dev.cgan.backend.djl;

import ai.djl.ndarray.NDArray;
import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.spi.UpdateRule;
import dev.cgan.backend.djl.kernel.TorchFunctions;
import java.util.List;

/**
 * {@code torch.optim.SGD} with momentum (dampening 0, no Nesterov, no weight decay): {@code b = momentum · b + g} (the
 * first step copies {@code g}), {@code p -= lr · b}.
 */
final class DjlSgd implements UpdateRule<DjlTensor> {

    private final DjlContext context;
    private final OptimizerSpec.Sgd spec;

    DjlSgd(DjlContext context, OptimizerSpec.Sgd spec) {
        this.context = context;
        this.spec = spec;
    }

    @Override
    public void aroundStep(Runnable updates) {
        context.step(updates);
    }

    @Override
    public void update(DjlTensor parameter, List<DjlTensor> state, long step) {
        context.run(() -> {
            NDArray p = parameter.array();
            NDArray direction = TorchFunctions.gradient(p);
            if (spec.momentum() != 0) {
                NDArray buffer = state.get(0).array();
                if (step == 1) {
                    TorchFunctions.copyInto(buffer, direction);
                } else {
                    buffer.muli((float) spec.momentum()).addi(direction);
                }
                direction = buffer;
            }
            p.addi(direction.mul((float) -spec.lr()));
        });
    }
}
