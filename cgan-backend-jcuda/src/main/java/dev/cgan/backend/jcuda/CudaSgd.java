package dev.cgan.backend.jcuda;

import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.spi.UpdateRule;
import java.util.List;

/**
 * {@code torch.optim.SGD} with momentum as one in-place kernel launch per parameter ({@code sgd_step} of
 * optimizer.cu); on the first step the kernel starts the momentum buffer at the gradient, as PyTorch does.
 */
record CudaSgd(CudaContext context, OptimizerSpec.Sgd sgd) implements UpdateRule<CudaTensor> {

    /** {@code state}: {@code momentum_buffer}. */
    @Override
    public void update(CudaTensor p, List<CudaTensor> state, long step) {
        CudaTensor g = p.gradBuffer();
        int n = p.count();
        context.ops().launch(KernelSource.OPTIMIZER, "sgd_step", n, p.data(), g.data(), state.get(0).data(),
                (float) sgd.lr(), (float) sgd.momentum(), step == 1 ? 1 : 0, n);
    }
}
