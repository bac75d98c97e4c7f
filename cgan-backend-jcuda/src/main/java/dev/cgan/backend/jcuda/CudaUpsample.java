package dev.cgan.backend.jcuda;

import dev.cgan.api.layer.Upsample;
import dev.cgan.api.spi.EngineLayer;
import dev.cgan.api.tensor.Shape;

/**
 * Nearest upsampling: one kernel (resample.cu) copies {@code x[i / s, j / s]} to each output element; its backward
 * kernel sums the output gradient over each input pixel's {@code s x s} block, one thread per input element.
 */
final class CudaUpsample extends EngineLayer<CudaTensor, CudaContext, Upsample> {

    CudaUpsample(CudaContext context, Upsample spec) {
        super(context, spec);
    }

    @Override
    protected CudaTensor compute(CudaTensor x, boolean training) {
        Shape in = x.shape();
        int h = in.dim(2);
        int w = in.dim(3);
        int s = spec.scale();
        CudaTensor y = context.allocate(outputShape(x));
        int n = y.count();
        CudaTensorOps ops = context.ops();
        ops.launch(KernelSource.RESAMPLE, "upsample_nearest_forward", n, x.data(), y.data(), h, w, s, n);
        var tape = context.recording(x);
        if (tape != null) {
            tape.record(y, (dy, grads) -> {
                CudaTensor dx = context.allocate(in);
                int total = dx.count();
                ops.launch(KernelSource.RESAMPLE, "upsample_nearest_backward", total, dy.data(), dx.data(), h, w, s,
                        total);
                grads.add(x, dx);
            });
        }
        return y;
    }
}
