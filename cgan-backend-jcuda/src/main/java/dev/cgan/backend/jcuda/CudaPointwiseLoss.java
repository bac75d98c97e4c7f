package dev.cgan.backend.jcuda;

import dev.cgan.api.tensor.Shape;

/**
 * The two binary cross-entropies: mean-reduced losses whose terms are element by element, as two kernels of loss.cu
 * each. {@code <kernel>_forward} sums the terms in one block and divides by their count; {@code <kernel>_backward}
 * gives each element's gradient times the output's.
 */
final class CudaPointwiseLoss {

    private CudaPointwiseLoss() {
    }

    /** The mean loss of {@code p} against {@code t} (same shape: the kit checked), recorded on the open tape. */
    static CudaTensor mean(CudaContext context, String kernel, CudaTensor p, CudaTensor t) {
        if (p.count() == 0) {
            throw new IllegalArgumentException("loss of an empty prediction " + p.shape());
        }
        int n = p.count();
        CudaTensor out = context.allocate(Shape.scalar());
        context.kernels().launch(KernelSource.LOSS, kernel + "_forward", LaunchGeometry.single(), p.data(), t.data(),
                out.data(), n);
        var tape = context.recording(p);
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
