package dev.cgan.backend.onednn;

import dev.cgan.api.spi.HostAugment;

/**
 * DiffAugment's translation ({@code TensorOps.augmentTranslation}) as the kit's host loop ({@link HostAugment}) over
 * the plain memories; the gradient is the upstream gradient translated back.
 */
final class OnednnAugmentTranslation {

    private OnednnAugmentTranslation() {
    }

    static OnednnTensor apply(OnednnContext context, OnednnTensor x, int[] rows, int[] cols) {
        return context.compute(() -> shifted(context, x, rows, cols, 1),
                g -> new OnednnTensor[] {shifted(context, g, rows, cols, -1)}, x);
    }

    private static OnednnTensor shifted(OnednnContext context, OnednnTensor x, int[] rows, int[] cols, int sign) {
        OnednnTensor out = context.newTensor(x.shape());
        int[] d = x.shape().dims();
        HostAugment.translate(x.floats(), out.floats(), d[1], d[2], d[3], rows, cols, sign, 0, d[0]);
        return out;
    }
}
