package dev.cgan.backend.jcuda;

import dev.cgan.api.loss.Loss;
import dev.cgan.api.loss.LossSpec;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;

/**
 * Both binary cross-entropy losses, mean-reduced, as kernels (loss.cu) with PyTorch's formulas and gradients (softmax
 * cross-entropy is {@link CudaCrossEntropy}).
 */
final class CudaLoss implements Loss {

    private final CudaContext context;
    private final LossSpec spec;
    private final String kernel;

    CudaLoss(CudaContext context, LossSpec spec) {
        this.context = context;
        this.spec = spec;
        this.kernel = spec instanceof LossSpec.BinaryCrossEntropyWithLogits ? "bce_logits" : "bce";
    }

    @Override
    public LossSpec spec() {
        return spec;
    }

    @Override
    public Tensor compute(Tensor prediction, Tensor target) {
        CudaTensor p = context.cuda(prediction, "loss");
        CudaTensor t = context.cuda(target, "loss");
        if (!p.shape().equals(t.shape())) {
            throw new IllegalArgumentException("loss: prediction " + p.shape() + " and target " + t.shape()
                    + " differ in shape");
        }
        if (p.count() == 0) {
            throw new IllegalArgumentException("loss of an empty prediction " + p.shape());
        }
        int n = p.count();
        CudaTensor out = context.allocate(Shape.scalar());
        context.kernels().launch(KernelSource.LOSS, kernel + "_forward", LaunchGeometry.single(), p.data(), t.data(),
                out.data(), n);
        CudaTape tape = context.recording(p);
        if (tape != null) {
            tape.record(out, (g, grads) -> {
                CudaTensor dp = context.allocate(p.shape());
                context.ops().launch(KernelSource.LOSS, kernel + "_backward", n, p.data(), t.data(), g.data(),
                        dp.data(), n);
                grads.add(p, dp);
            });
        }
        return out;
    }
}
