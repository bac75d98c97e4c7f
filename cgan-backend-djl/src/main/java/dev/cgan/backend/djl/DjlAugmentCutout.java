package dev.cgan.backend.djl;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;

/**
 * DiffAugment's cutout ({@code TensorOps.augmentCutout}) as the reference implementation's product with a
 * {@code [N, 1, H, W]} mask, made on the host (0 inside each sample's clipped rectangle, 1 elsewhere) and broadcast
 * over the channels; libtorch's autograd multiplies the gradient by the same mask.
 */
final class DjlAugmentCutout {

    private DjlAugmentCutout() {
    }

    static DjlTensor apply(DjlContext context, DjlTensor x, int[] top, int[] left, int height, int width) {
        long[] shape = x.array().getShape().getShape();
        int n = (int) shape[0];
        int rows = (int) shape[2];
        int cols = (int) shape[3];
        float[] mask = new float[n * rows * cols];
        Arrays.fill(mask, 1f);
        for (int s = 0; s < n; s++) {
            for (int i = Math.max(0, top[s]); i < Math.min(rows, (long) top[s] + height); i++) {
                for (int j = Math.max(0, left[s]); j < Math.min(cols, (long) left[s] + width); j++) {
                    mask[(s * rows + i) * cols + j] = 0f;
                }
            }
        }
        return context.compute(() -> x.array().mul(
                context.manager().create(mask, new ai.djl.ndarray.types.Shape(n, 1, rows, cols))));
    }
}
