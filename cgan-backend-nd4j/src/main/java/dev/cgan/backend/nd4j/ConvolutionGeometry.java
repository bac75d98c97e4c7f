package dev.cgan.backend.nd4j;

/**
 * Kernel, stride and padding of a square 2-D (transposed) convolution, as libnd4j's integer arguments: kH, kW, sH,
 * sW, pH, pW, dH, dW, padding mode (0: explicit), data format (0: NCHW), weight format (1: PyTorch's).
 */
record ConvolutionGeometry(int kernel, int stride, int padding) {

    int[] convolutionArguments() {
        return new int[] {kernel, kernel, stride, stride, padding, padding, 1, 1, 0, 0, 1};
    }
}
