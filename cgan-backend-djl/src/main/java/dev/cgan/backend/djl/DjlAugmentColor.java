package dev.cgan.backend.djl;

import ai.djl.ndarray.NDArray;

/**
 * DiffAugment's color policy ({@code TensorOps.augmentColor}) as the reference implementation's libtorch expressions:
 * a per-sample shift, the deviation from the per-pixel channel mean scaled, then the deviation from the sample's mean
 * scaled; the means stay in the graph, so libtorch's autograd differentiates through them as PyTorch does.
 */
final class DjlAugmentColor {

    private DjlAugmentColor() {
    }

    static DjlTensor apply(DjlContext context, DjlTensor x, float[] brightness, float[] saturation,
                           float[] contrast) {
        return context.compute(() -> {
            NDArray y = x.array().add(perSample(context, brightness));
            NDArray pixelMean = y.mean(new int[] {1}, true);
            y = y.sub(pixelMean).mul(perSample(context, saturation)).add(pixelMean);
            // libtorch's mean over C, H and W, as a mean over one axis of the flattened sample (DJL's mean takes one).
            long n = brightness.length;
            NDArray sampleMean = y.reshape(n, -1).mean(new int[] {1}, true).reshape(n, 1, 1, 1);
            return y.sub(sampleMean).mul(perSample(context, contrast)).add(sampleMean);
        });
    }

    /** {@code [N, 1, 1, 1]}: one value per sample, broadcast over its channels and pixels. */
    private static NDArray perSample(DjlContext context, float[] values) {
        return context.manager().create(values, new ai.djl.ndarray.types.Shape(values.length, 1, 1, 1));
    }
}
