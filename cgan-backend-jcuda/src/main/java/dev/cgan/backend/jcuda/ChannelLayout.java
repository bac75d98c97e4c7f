package dev.cgan.backend.jcuda;

import dev.cgan.api.tensor.Shape;

/**
 * The geometry of a channel concatenation {@code [N, Ca, ...] ++ [N, Cb, ...] -> [N, Ca + Cb, ...]}: the kernels see
 * each tensor as {@code [N, C, S]} with {@code S} the product of the trailing dimensions. The kit has checked that the
 * shapes fit ({@link dev.cgan.api.spi.EngineTensorOps#concatChannels}).
 */
record ChannelLayout(Shape output, int channelsA, int channelsB, int spatial) {

    static ChannelLayout concat(Shape a, Shape b) {
        int spatial = 1;
        int[] out = a.dims();
        for (int axis = 2; axis < a.rank(); axis++) {
            spatial = Math.multiplyExact(spatial, a.dim(axis));
        }
        out[1] = a.dim(1) + b.dim(1);
        return new ChannelLayout(Shape.of(out), a.dim(1), b.dim(1), spatial);
    }
}
