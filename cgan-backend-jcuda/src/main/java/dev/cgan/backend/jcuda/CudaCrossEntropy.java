package dev.cgan.backend.jcuda;

import dev.cgan.api.loss.Loss;
import dev.cgan.api.loss.LossSpec;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;

/**
 * Softmax cross-entropy with class-probability targets, mean over the batch, as kernels (loss.cu): a stable
 * log-softmax per row in the forward pass, {@code g * (softmax(x) * sum(t) - t) / N} in the backward pass.
 */
final class CudaCrossEntropy implements Loss {

    private final CudaContext context;

    CudaCrossEntropy(CudaContext context) {
        this.context = context;
    }

    @Override
    public LossSpec spec() {
        return new LossSpec.CrossEntropy();
    }

    @Override
    public Tensor compute(Tensor logits, Tensor target) {
        CudaTensor x = context.cuda(logits, "cross-entropy");
        CudaTensor t = context.cuda(target, "cross-entropy");
        if (x.shape().rank() != 2 || !x.shape().equals(t.shape())) {
            throw new IllegalArgumentException("cross-entropy needs logits [N, C] and targets of the same shape, got "
                    + x.shape() + " and " + t.shape());
        }
        int rows = x.shape().dim(0);
        int classes = x.shape().dim(1);
        if (rows == 0 || classes == 0) {
            throw new IllegalArgumentException("cross-entropy of an empty prediction " + x.shape());
        }
        CudaTensor out = context.allocate(Shape.scalar());
        context.kernels().launch(KernelSource.LOSS, "cross_entropy_forward", LaunchGeometry.single(), x.data(),
                t.data(), out.data(), rows, classes);
        CudaTape tape = context.recording(x);
        if (tape != null) {
            tape.record(out, (g, grads) -> {
                CudaTensor dx = context.allocate(x.shape());
                context.ops().launch(KernelSource.LOSS, "cross_entropy_backward", rows, x.data(), t.data(), g.data(),
                        dx.data(), rows, classes);
                grads.add(x, dx);
            });
        }
        return out;
    }
}
