package dev.cgan.backend.djl.kernel;

import ai.djl.ndarray.NDArray;

/**
 * Transposed convolution of a 1×1 input (the generator's first layer, noise to a k×k map): each output pixel
 * {@code (i, j)} receives exactly tap {@code (i, j)} of the kernel, so the whole layer is the matrix product
 * {@code x[N, in] · W[in, out·k·k]}, then a crop of {@code p} on every side. A convolution would spend most of its work
 * multiplying the {@code k - 1} rows of zero padding.
 */
final class ProjectionConvTranspose {

    private ProjectionConvTranspose() {
    }

    static NDArray apply(NDArray input, NDArray weight, NDArray bias, int kernel, int padding) {
        long[] in = input.getShape().getShape();
        long[] w = weight.getShape().getShape();
        long n = in[0];
        long channelsIn = in[1];
        long channelsOut = w[1];
        if (in[2] != 1 || in[3] != 1) {
            throw new IllegalArgumentException("projection path needs a 1x1 input, got " + input.getShape());
        }
        if (kernel - 2L * padding <= 0) {
            throw new IllegalArgumentException("padding " + padding + " leaves no output of a " + kernel + "x" + kernel
                    + " kernel");
        }
        NDArray product = input.reshape(n, channelsIn)
                .matMul(weight.reshape(channelsIn, channelsOut * kernel * kernel));
        NDArray out = product.reshape(n, channelsOut, kernel, kernel);
        if (padding > 0) {
            out = TorchFunctions.pad2d(out, -padding, -padding, -padding, -padding);
        }
        if (bias != null) {
            out = out.add(bias.reshape(1, channelsOut, 1, 1));
        }
        return out;
    }
}
