package dev.cgan.backend.jcuda;

/**
 * DiffAugment's cutout ({@code TensorOps.augmentCutout}): the rectangles' corners uploaded as one {@code [2, N]}
 * float tensor (clamped so that they stay exact in float and the clipped rectangle is unchanged), then augment.cu's
 * {@code augment_cutout} for the forward and, on the upstream gradient, for the gradient.
 */
final class CudaAugmentCutout {

    private CudaAugmentCutout() {
    }

    static CudaTensor apply(CudaContext context, CudaTensor x, int[] top, int[] left, int height, int width) {
        int[] d = x.shape().dims();
        int batch = d[0];
        int h = Math.min(height, d[2]);
        int w = Math.min(width, d[3]);
        float[] values = new float[2 * batch];
        for (int n = 0; n < batch; n++) {
            values[n] = clampCorner(top[n], height, h, d[2]);
            values[batch + n] = clampCorner(left[n], width, w, d[3]);
        }
        CudaTensor corners = CudaAugmentTranslation.upload(context, values);
        CudaTensor y = cut(context, x, corners, h, w);
        var tape = context.recording(x);
        if (tape != null) {
            tape.record(y, (g, grads) -> grads.add(x, cut(context, g, corners, h, w)));
        }
        return y;
    }

    /**
     * A corner whose rectangle of side {@code clipped = min(side, size)} covers the same part of the image as
     * {@code [corner, corner + side)}: {@code size} (nothing) when that part is empty, else the corner itself, or for
     * a rectangle that starts above the image, the end of the covered part minus the clipped side. The result lies in
     * {@code [-size, size]}, exact in float.
     */
    private static int clampCorner(int corner, int side, int clipped, int size) {
        long end = Math.min((long) corner + side, size);
        long start = Math.max(corner, 0L);
        if (start >= end) {
            return size;
        }
        return corner < 0 ? (int) (end - clipped) : corner;
    }

    private static CudaTensor cut(CudaContext context, CudaTensor x, CudaTensor corners, int h, int w) {
        int[] d = x.shape().dims();
        CudaTensor y = context.allocate(x.shape());
        int n = y.count();
        context.ops().launch(KernelSource.AUGMENT, "augment_cutout", n, x.data(), y.data(), corners.data(), d[0],
                d[1], d[2], d[3], h, w, n);
        return y;
    }
}
