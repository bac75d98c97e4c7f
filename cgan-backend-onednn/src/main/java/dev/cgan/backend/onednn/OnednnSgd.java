package dev.cgan.backend.onednn;

import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.tensor.Tensor;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * {@code torch.optim.SGD} with momentum (dampening 0, no Nesterov) as one loop per parameter: {@code b = g} on the
 * first step, then {@code b = momentum * b + g}; {@code p = p - lr * b}, in float32. Without momentum the update uses
 * the gradient directly and the buffer stays unused.
 */
final class OnednnSgd extends OnednnOptimizer {

    private final OptimizerSpec.Sgd spec;

    OnednnSgd(OnednnContext context, OptimizerSpec.Sgd spec, List<Tensor> parameters, List<OnednnTensor> params) {
        super(context, parameters, params, List.of("momentum_buffer"));
        this.spec = spec;
    }

    @Override
    public OptimizerSpec spec() {
        return spec;
    }

    @Override
    void update(int index, FloatBuffer p, FloatBuffer g, int size, long step) {
        float rate = (float) -spec.lr();
        float momentum = (float) spec.momentum();
        boolean useBuffer = spec.momentum() != 0;
        FloatBuffer b = state(index, "momentum_buffer");
        HostLoops.inChunks(size, (from, to) -> {
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
