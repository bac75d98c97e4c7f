package dev.cgan.backend.jcuda;

import dev.cgan.api.spi.LossKernel;
import dev.cgan.api.tensor.Shape;

/**
 * Softmax cross-entropy with class-probability targets, mean over the batch, as kernels (loss.cu): a stable
 * log-softmax per row in the forward pass, {@code g * (softmax(x) * sum(t) - t) / N} in the backward pass. The kit has
 * checked that logits and targets are {@code [N, C]} alike.
 */
record CudaCrossEntropy(CudaContext context) implements LossKernel<CudaTensor> {

    @Override
    public CudaTensor compute(CudaTensor x, CudaTensor t) {
        int rows = x.shape().dim(0);
        int classes = x.shape().dim(1);
        if (rows == 0 || classes == 0) {
            throw new IllegalArgumentException("cross-entropy of an empty prediction " + x.shape());
        }
        CudaTensor out = context.allocate(Shape.scalar());
        context.kernels().launch(KernelSource.LOSS, "cross_entropy_forward", LaunchGeometry.single(), x.data(),
                t.data(), out.data(), rows, classes);
        var tape = context.recording(x);
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
