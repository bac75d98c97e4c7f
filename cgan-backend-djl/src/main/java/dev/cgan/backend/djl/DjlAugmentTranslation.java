package dev.cgan.backend.djl;

import ai.djl.ndarray.NDArray;

/**
 * DiffAugment's translation ({@code TensorOps.augmentTranslation}) as two batched libtorch matrix products with
 * per-sample shift matrices: {@code out = A x B} with {@code A[n, i, i'] = 1} where {@code i' = i + rows[n]} and
 * {@code B[n, j', j] = 1} where {@code j' = j + cols[n]} (rows and columns that would come from outside the image are
 * all-zero, which is the zero padding). Each output sums exactly one input value and zeros, so the result is exact in
 * float32, and libtorch's autograd gives the gradient (the shift back) through the products.
 */
final class DjlAugmentTranslation {

    private DjlAugmentTranslation() {
    }

    static DjlTensor apply(DjlContext context, DjlTensor x, int[] rows, int[] cols) {
        long[] shape = x.array().getShape().getShape();
        int height = (int) shape[2];
        int width = (int) shape[3];
        return context.compute(() -> {
            NDArray left = shifts(context, rows, height, false);
            NDArray right = shifts(context, cols, width, true);
            return left.matMul(x.array()).matMul(right);
        });
    }

    /**
     * {@code [N, 1, size, size]} 0/1 matrices: entry {@code (i, i + shift[n])} set, or its transpose for the right
     * factor.
     */
    private static NDArray shifts(DjlContext context, int[] shift, int size, boolean transposed) {
        float[] values = new float[shift.length * size * size];
        for (int n = 0; n < shift.length; n++) {
            for (int i = 0; i < size; i++) {
                long source = (long) i + shift[n];
                if (source >= 0 && source < size) {
                    int r = transposed ? (int) source : i;
                    int c = transposed ? i : (int) source;
                    values[(n * size + r) * size + c] = 1f;
                }
            }
        }
        return context.manager().create(values, new ai.djl.ndarray.types.Shape(shift.length, 1, size, size));
    }
}
