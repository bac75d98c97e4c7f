package dev.cgan.backend.djl.kernel;

import ai.djl.ndarray.NDArray;

/**
 * Stride-1 transposed convolution as one ordinary convolution: with the flipped, transposed kernel and zero padding
 * {@code k - 1 - p} the correlation visits exactly the taps the transposed convolution scatters to. Padding larger than
 * {@code k - 1} becomes a crop of the input.
 */
final class DirectConvTranspose {

    private DirectConvTranspose() {
    }

    static NDArray apply(Convolution convolution, NDArray input, NDArray weight, NDArray bias, int kernel, int padding) {
        NDArray kernelFlipped = TransposedConvolution.correlationKernel(weight);
        int border = kernel - 1 - padding;
        if (border >= 0) {
            return convolution.apply(input, kernelFlipped, bias, 1, border);
        }
        NDArray cropped = TorchFunctions.pad2d(input, border, border, border, border);
        return convolution.apply(cropped, kernelFlipped, bias, 1, 0);
    }
}
