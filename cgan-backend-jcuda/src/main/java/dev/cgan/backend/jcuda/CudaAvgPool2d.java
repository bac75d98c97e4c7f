package dev.cgan.backend.jcuda;

import dev.cgan.api.layer.AvgPool2d;
import dev.cgan.api.spi.EngineLayer;
import dev.cgan.api.tensor.Shape;

/**
 * Average pooling: one kernel (resample.cu) averages each {@code k x k} window, one thread per output element; its
 * backward kernel gives every input element {@code 1 / k^2} of its window's gradient (0 past the last whole window),
 * one thread per input element.
 */
final class CudaAvgPool2d extends EngineLayer<CudaTensor, CudaContext, AvgPool2d> {

    CudaAvgPool2d(CudaContext context, AvgPool2d spec) {
        super(context, spec);
    }

    @Override
    protected CudaTensor compute(CudaTensor x, boolean training) {
        Shape in = x.shape();
        int h = in.dim(2);
        int w = in.dim(3);
        int k = spec.kernel();
        CudaTensor y = context.allocate(outputShape(x));
        int n = y.count();
        CudaTensorOps ops = context.ops();
        ops.launch(KernelSource.RESAMPLE, "avgpool_forward", n, x.data(), y.data(), h, w, k, n);
        var tape = context.recording(x);
        if (tape != null) {
            tape.record(y, (dy, grads) -> {
                CudaTensor dx = context.allocate(in);
                int total = dx.count();
                ops.launch(KernelSource.RESAMPLE, "avgpool_backward", total, dy.data(), dx.data(), h, w, k, total);
                grads.add(x, dx);
            });
        }
        return y;
    }
}
