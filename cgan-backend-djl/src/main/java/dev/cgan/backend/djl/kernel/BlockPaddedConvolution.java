package dev.cgan.backend.djl.kernel;

import ai.djl.ndarray.NDArray;

/**
 * libtorch's own convolution with the output channels padded with zero filters to a multiple of {@value #BLOCK}, the
 * bias added separately. On the AVX-512 machine where oneDNN's kernels fail the self-check, the input gradients of
 * layers with few output channels were wrong every time (64→12 at 34×34, 512→1 at 4×4, 1→1), while the same layers
 * padded to 16 output channels matched the im2col convolution; the extra filters cost little where it matters (the
 * two last layers of DCGAN's networks). Padding alone proves nothing: {@link ShapeCheckedConvolution} uses this only
 * on shapes where it matched.
 */
final class BlockPaddedConvolution {

    /** oneDNN's AVX-512 channel block. */
    static final int BLOCK = 16;

    private BlockPaddedConvolution() {
    }

    static NDArray apply(NDArray input, NDArray weight, NDArray bias, int stride, int padding) {
        long channelsOut = weight.getShape().get(0);
        long extra = Math.floorMod(-channelsOut, BLOCK);
        NDArray out;
        if (extra == 0) {
            out = TorchFunctions.conv2d(input, weight, null, stride, padding);
        } else {
            // Zero filters appended along the first weight axis (pad amounts run from the last axis backwards).
            NDArray padded = TorchFunctions.pad(weight, 0, 0, 0, 0, 0, 0, 0, extra);
            NDArray all = TorchFunctions.conv2d(input, padded, null, stride, padding);
            long[] s = all.getShape().getShape();
            out = TorchFunctions.slice(all, new long[] {0, 0, 0, 0}, new long[] {s[0], channelsOut, s[2], s[3]},
                    new long[] {1, 1, 1, 1});
        }
        if (bias != null) {
            out = out.add(bias.reshape(1, channelsOut, 1, 1));
        }
        return out;
    }
}
