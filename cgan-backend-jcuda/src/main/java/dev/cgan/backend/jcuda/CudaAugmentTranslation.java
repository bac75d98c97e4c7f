package dev.cgan.backend.jcuda;

import dev.cgan.api.tensor.Shape;

/**
 * DiffAugment's translation ({@code TensorOps.augmentTranslation}): the shifts uploaded as one {@code [2, N]} float
 * tensor (clamped to the image size, beyond which every shift gives zeros alike), then augment.cu's
 * {@code augment_translate} with sign 1 for the forward and -1 for the gradient (the upstream gradient moved back).
 */
final class CudaAugmentTranslation {

    private CudaAugmentTranslation() {
    }

    static CudaTensor apply(CudaContext context, CudaTensor x, int[] rows, int[] cols) {
        int[] d = x.shape().dims();
        int batch = d[0];
        float[] values = new float[2 * batch];
        for (int n = 0; n < batch; n++) {
            values[n] = Math.max(-d[2], Math.min(d[2], rows[n]));
            values[batch + n] = Math.max(-d[3], Math.min(d[3], cols[n]));
        }
        CudaTensor shifts = upload(context, values);
        CudaTensor y = shifted(context, x, shifts, 1);
        var tape = context.recording(x);
        if (tape != null) {
            tape.record(y, (g, grads) -> grads.add(x, shifted(context, g, shifts, -1)));
        }
        return y;
    }

    private static CudaTensor shifted(CudaContext context, CudaTensor x, CudaTensor shifts, int sign) {
        int[] d = x.shape().dims();
        CudaTensor y = context.allocate(x.shape());
        int n = y.count();
        context.ops().launch(KernelSource.AUGMENT, "augment_translate", n, x.data(), y.data(), shifts.data(), d[0],
                d[1], d[2], d[3], sign, n);
        return y;
    }

    /** Per-sample parameters as a device tensor of the current scope. */
    static CudaTensor upload(CudaContext context, float[] values) {
        CudaTensor t = context.allocate(Shape.of(values.length));
        t.copyFrom(values);
        return t;
    }
}
