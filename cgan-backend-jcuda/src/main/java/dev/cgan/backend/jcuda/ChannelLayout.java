package dev.cgan.backend.jcuda;

import dev.cgan.api.tensor.Shape;

/**
 * The geometry of a channel concatenation {@code [N, Ca, ...] ++ [N, Cb, ...] -> [N, Ca + Cb, ...]}: the kernels see
 * each tensor as {@code [N, C, S]} with {@code S} the product of the trailing dimensions.
 */
record ChannelLayout(Shape output, int channelsA, int channelsB, int spatial) {

    static ChannelLayout concat(Shape a, Shape b) {
        if (a.rank() < 2 || a.rank() != b.rank() || a.dim(0) != b.dim(0)) {
            throw new IllegalArgumentException("concatChannels needs [N, C, ...] tensors of the same rank and batch, "
                    + "got " + a + " and " + b);
        }
        int spatial = 1;
        int[] out = a.dims();
        for (int axis = 2; axis < a.rank(); axis++) {
            if (a.dim(axis) != b.dim(axis)) {
                throw new IllegalArgumentException("concatChannels: dimension " + axis + " differs, " + a + " and "
                        + b);
            }
            spatial = Math.multiplyExact(spatial, a.dim(axis));
        }
        out[1] = a.dim(1) + b.dim(1);
        return new ChannelLayout(Shape.of(out), a.dim(1), b.dim(1), spatial);
    }
}
