package dev.cgan.backend.jcuda;

import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.spi.AdamStep;
import dev.cgan.api.spi.UpdateRule;
import java.util.List;

/**
 * {@code torch.optim.Adam} as one in-place kernel launch per parameter ({@code adam_step} of optimizer.cu). The bias
 * corrections are the kit's {@link AdamStep}, in double as PyTorch computes them in Python, rounded once to float32
 * for the kernel.
 */
record CudaAdam(CudaContext context, OptimizerSpec.Adam adam) implements UpdateRule<CudaTensor> {

    /** {@code state}: {@code exp_avg}, {@code exp_avg_sq}. */
    @Override
    public void update(CudaTensor p, List<CudaTensor> state, long step) {
        AdamStep s = AdamStep.of(adam, step);
        CudaTensor g = p.gradBuffer();
        int n = p.count();
        context.ops().launch(KernelSource.OPTIMIZER, "adam_step", n, p.data(), g.data(), state.get(0).data(),
                state.get(1).data(), (float) adam.beta2(), (float) (1 - adam.beta1()), (float) (1 - adam.beta2()),
                (float) s.stepSize(), (float) s.biasCorrection2Sqrt(), (float) adam.eps(), n);
    }
}
