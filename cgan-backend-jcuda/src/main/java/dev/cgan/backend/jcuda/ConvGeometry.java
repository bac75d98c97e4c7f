package dev.cgan.backend.jcuda;

import dev.cgan.api.tensor.Shape;

/**
 * One cuDNN convolution as cuDNN sees it: input {@code [N, C, H, W]}, filter {@code [K, C, kernel, kernel]}, output
 * {@code [N, K, outH, outW]}, square stride and padding, dilation 1, cross-correlation.
 *
 * <p>A transposed convolution is this convolution run backwards: its input is the convolution's <em>output</em> and
 * its output the convolution's <em>input</em>. PyTorch's transposed weight {@code [in, out, k, k]} is exactly the
 * filter {@code [K = in, C = out, k, k]}, so the weights are used as they are.
 */
record ConvGeometry(int batch, int inChannels, int inHeight, int inWidth, int outChannels, int kernel, int stride,
                    int padding, int outHeight, int outWidth) {

    /** The convolution of {@code input} by a {@code [outChannels, C, kernel, kernel]} filter. */
    static ConvGeometry conv(Shape input, int outChannels, int kernel, int stride, int padding) {
        requireImage(input);
        int h = Math.floorDiv(input.dim(2) + 2 * padding - kernel, stride) + 1;
        int w = Math.floorDiv(input.dim(3) + 2 * padding - kernel, stride) + 1;
        if (h <= 0 || w <= 0) {
            throw new IllegalArgumentException("convolution of " + input + " by kernel " + kernel + " is empty");
        }
        return new ConvGeometry(input.dim(0), input.dim(1), input.dim(2), input.dim(3), outChannels, kernel, stride,
                padding, h, w);
    }

    /**
     * The convolution whose data gradient is the transposed convolution of {@code input} ({@code [N, in, H, W]}) to
     * {@code outChannels}: its input has the transposed output's shape and its output the transposed input's.
     */
    static ConvGeometry transposed(Shape input, int outChannels, int kernel, int stride, int padding) {
        requireImage(input);
        int h = (input.dim(2) - 1) * stride - 2 * padding + kernel;
        int w = (input.dim(3) - 1) * stride - 2 * padding + kernel;
        if (h <= 0 || w <= 0) {
            throw new IllegalArgumentException("transposed convolution of " + input + " is empty");
        }
        ConvGeometry g = conv(Shape.of(input.dim(0), outChannels, h, w), input.dim(1), kernel, stride, padding);
        if (g.outHeight != input.dim(2) || g.outWidth != input.dim(3)) {
            throw new IllegalStateException("transposed geometry does not invert: " + g + " for " + input);
        }
        return g;
    }

    Shape inputShape() {
        return Shape.of(batch, inChannels, inHeight, inWidth);
    }

    Shape outputShape() {
        return Shape.of(batch, outChannels, outHeight, outWidth);
    }

    Shape filterShape() {
        return Shape.of(outChannels, inChannels, kernel, kernel);
    }

    private static void requireImage(Shape input) {
        if (input.rank() != 4) {
            throw new IllegalArgumentException("convolutions take [N, C, H, W], got " + input);
        }
    }
}
