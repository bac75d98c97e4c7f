package dev.cgan.backend.onednn;

import dev.cgan.api.spi.HostAugment;

/**
 * DiffAugment's cutout ({@code TensorOps.augmentCutout}) as the kit's host loop ({@link HostAugment}) over the plain
 * memories; the gradient is the upstream gradient with the same rectangles zeroed.
 */
final class OnednnAugmentCutout {

    private OnednnAugmentCutout() {
    }

    static OnednnTensor apply(OnednnContext context, OnednnTensor x, int[] top, int[] left, int height, int width) {
        return context.compute(() -> cut(context, x, top, left, height, width),
                g -> new OnednnTensor[] {cut(context, g, top, left, height, width)}, x);
    }

    private static OnednnTensor cut(OnednnContext context, OnednnTensor x, int[] top, int[] left, int height,
                                    int width) {
        OnednnTensor out = context.newTensor(x.shape());
        int[] d = x.shape().dims();
        HostAugment.cutout(x.floats(), out.floats(), d[1], d[2], d[3], top, left, height, width, 0, d[0]);
        return out;
    }
}
