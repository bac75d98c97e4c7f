package dev.cgan.backend.jcuda;

import dev.cgan.api.layer.Maxout;
import dev.cgan.api.spi.EngineLayer;
import dev.cgan.api.tensor.Shape;

/**
 * Maxout: the cuBLAS linear path to {@code a [N, units * pieces]}, then a kernel (maxout.cu) that takes the maximum of
 * each unit's contiguous pieces and records which piece it was; the backward kernel routes each output's gradient to
 * that piece only, and the linear path's backward takes it to the input, weight and bias.
 */
final class CudaMaxout extends EngineLayer<CudaTensor, CudaContext, Maxout> {

    CudaMaxout(CudaContext context, Maxout spec) {
        super(context, spec);
    }

    @Override
    protected CudaTensor compute(CudaTensor x, boolean training) {
        int pieces = spec.pieces();
        CudaTensor a = CudaLinear.affine(context, x, parameter("weight"), parameter("bias"), spec.in(),
                spec.units() * pieces);
        Shape outShape = Shape.of(x.shape().dim(0), spec.units());
        CudaTensor y = context.allocate(outShape);
        // The argmax holds 32-bit ints; a tensor's 4-byte elements give it the right size.
        CudaTensor argmax = context.allocate(outShape);
        int n = y.count();
        CudaTensorOps ops = context.ops();
        ops.launch(KernelSource.MAXOUT, "maxout_forward", n, a.data(), y.data(), argmax.data(), pieces, n);
        var tape = context.recording(a);
        if (tape != null) {
            tape.record(y, (dy, grads) -> {
                CudaTensor da = context.allocate(a.shape());
                int total = da.count();
                ops.launch(KernelSource.MAXOUT, "maxout_backward", total, dy.data(), argmax.data(), da.data(), pieces,
                        total);
                grads.add(a, da);
            });
        }
        return y;
    }
}
