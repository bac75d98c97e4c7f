package dev.cgan.api.layer;

import dev.cgan.api.tensor.Shape;

/** Output-size arithmetic shared by the convolution specs (PyTorch's formulas, dilation 1, no output padding). */
final class SpatialGeometry {

    private SpatialGeometry() {
    }

    static void requireImage(Shape input, int channels, String layer) {
        if (input.rank() != 4) {
            throw new IllegalArgumentException(layer + " expects [N, C, H, W], got " + input);
        }
        if (input.dim(1) != channels) {
            throw new IllegalArgumentException(layer + " expects " + channels + " input channels, got " + input);
        }
    }

    static int convOut(int in, int kernel, int stride, int padding) {
        return Math.floorDiv(in + 2 * padding - kernel, stride) + 1;
    }

    static int transposedOut(int in, int kernel, int stride, int padding) {
        return (in - 1) * stride - 2 * padding + kernel;
    }

    static void requirePositive(String what, int... values) {
        for (int v : values) {
            if (v <= 0) {
                throw new IllegalArgumentException(what + " must be positive, got " + v);
            }
        }
    }
}
