package dev.cgan.backend.onednn;

import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.spi.UpdateRule;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * {@code torch.optim.SGD} with momentum (dampening 0, no Nesterov) as one loop per parameter: {@code b = g} on the
 * first step, then {@code b = momentum * b + g}; {@code p = p - lr * b}, in float32. Without momentum the update uses
 * the gradient directly and the buffer stays unused.
 */
final class OnednnSgd implements UpdateRule<OnednnTensor> {

    private final OptimizerSpec.Sgd spec;

    OnednnSgd(OptimizerSpec.Sgd spec) {
        this.spec = spec;
    }

    @Override
    public void update(OnednnTensor parameter, List<OnednnTensor> state, long step) {
        FloatBuffer p = parameter.floats();
        FloatBuffer g = parameter.gradient().floats();
        FloatBuffer b = state.get(0).floats();
        float rate = (float) -spec.lr();
        float momentum = (float) spec.momentum();
        boolean useBuffer = spec.momentum() != 0;
        HostLoops.inChunks(parameter.size(), (from, to) -> {
            for (int i = from; i < to; i++) {
                float direction = g.get(i);
                if (useBuffer) {
                    direction = step == 1 ? direction : b.get(i) * momentum + direction;
                    b.put(i, direction);
                }
                p.put(i, p.get(i) + direction * rate);
            }
        });
    }
}
