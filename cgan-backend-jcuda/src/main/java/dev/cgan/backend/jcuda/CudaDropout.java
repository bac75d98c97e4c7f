package dev.cgan.backend.jcuda;

import dev.cgan.api.layer.Dropout;
import dev.cgan.api.spi.DropoutLayer;

/**
 * {@code nn.Dropout} on the kit's mask stream: the training-mode multiply is a kernel, and its backward pass multiplies
 * the gradient by the same device mask, which the tape's closure keeps. Evaluation mode is a copy whose gradient is the
 * output's.
 */
final class CudaDropout extends DropoutLayer<CudaTensor, CudaContext> {

    CudaDropout(CudaContext context, Dropout spec) {
        super(context, spec);
    }

    @Override
    protected CudaTensor passThrough(CudaTensor x) {
        CudaTensor y = context.allocate(x.shape());
        context.copyOnDevice(y.data(), x.data(), x.bytes());
        var tape = context.recording(x);
        if (tape != null) {
            tape.record(y, (g, grads) -> grads.add(x, g));
        }
        return y;
    }

    @Override
    protected CudaTensor multiply(CudaTensor x, CudaTensor scales) {
        CudaTensor y = context.allocate(x.shape());
        int n = x.count();
        CudaTensorOps ops = context.ops();
        ops.launch(KernelSource.ELEMENTWISE, "multiply", n, x.data(), scales.data(), y.data(), n);
        var tape = context.recording(x);
        if (tape != null) {
            tape.record(y, (g, grads) -> {
                CudaTensor dx = context.allocate(x.shape());
                ops.launch(KernelSource.ELEMENTWISE, "multiply", n, g.data(), scales.data(), dx.data(), n);
                grads.add(x, dx);
            });
        }
        return y;
    }
}
