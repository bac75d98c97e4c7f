package dev.cgan.backend.djl;

import ai.djl.ndarray.NDArray;
import dev.cgan.api.optim.OptimizerSpec;
import dev.cgan.api.spi.AdamStep;
import dev.cgan.api.spi.UpdateRule;
import dev.cgan.backend.djl.kernel.TorchFunctions;
import java.util.List;

/**
 * {@code torch.optim.Adam} (single-tensor path, no weight decay, no amsgrad), with its float32 operations in
 * PyTorch's order so that results match to the last bit where libtorch does not fuse:
 * <pre>
 * m.lerp_(g, 1 - beta1)
 * v.mul_(beta2).addcmul_(g, g, value = 1 - beta2)
 * p.addcdiv_(m, sqrt(v) / sqrt(1 - beta2^t) + eps, value = -lr / (1 - beta1^t))
 * </pre>
 * The scalars are computed in double ({@link AdamStep}), as Python does, and narrowed to float32 where libtorch
 * narrows them.
 */
final class DjlAdam implements UpdateRule<DjlTensor> {

    private final DjlContext context;
    private final OptimizerSpec.Adam spec;

    DjlAdam(DjlContext context, OptimizerSpec.Adam spec) {
        this.context = context;
        this.spec = spec;
    }

    @Override
    public void aroundStep(Runnable updates) {
        context.step(updates);
    }

    @Override
    public void update(DjlTensor parameter, List<DjlTensor> state, long step) {
        // One DJL scope per parameter, so its temporaries are freed before the next parameter's are made.
        context.run(() -> {
            NDArray p = parameter.array();
            NDArray gradient = TorchFunctions.gradient(p);
            NDArray m = state.get(0).array();
            NDArray v = state.get(1).array();
            lerp(m, gradient, (float) (1 - spec.beta1()));
            v.muli((float) spec.beta2()).addi(gradient.mul((float) (1 - spec.beta2())).mul(gradient));

            AdamStep scalars = AdamStep.of(spec, step);
            NDArray denominator = v.sqrt().div((float) scalars.biasCorrection2Sqrt()).add((float) spec.eps());
            p.addi(m.mul((float) -scalars.stepSize()).div(denominator));
        });
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
