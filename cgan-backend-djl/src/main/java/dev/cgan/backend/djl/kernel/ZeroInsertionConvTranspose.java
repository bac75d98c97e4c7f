package dev.cgan.backend.djl.kernel;

import ai.djl.ndarray.NDArray;

/**
 * The general transposed convolution: spread the input out by inserting {@code s - 1} zeros between neighbouring
 * pixels, then run the stride-1 form ({@link DirectConvTranspose}'s flipped kernel, border {@code k - 1 - p}). Exact for
 * every kernel, stride and padding, but it multiplies all the inserted zeros, so it is the fallback.
 */
final class ZeroInsertionConvTranspose {

    private ZeroInsertionConvTranspose() {
    }

    static NDArray apply(Convolution convolution, NDArray input, NDArray weight, NDArray bias, int kernel, int stride,
                         int padding) {
        long[] in = input.getShape().getShape();
        long n = in[0];
        long c = in[1];
        long h = in[2];
        long w = in[3];
        // [N, C, H, 1, W, 1] padded to [N, C, H, s, W, s]: each pixel followed by s - 1 zeros along both axes.
        NDArray spread = TorchFunctions.pad(input.reshape(n, c, h, 1, w, 1), 0, stride - 1, 0, 0, 0, stride - 1)
                .reshape(n, c, h * stride, w * stride);
        // The last pixel has s - 1 trailing zeros too many; the right border takes them back.
        long border = kernel - 1L - padding;
        long right = border - (stride - 1);
        NDArray framed = TorchFunctions.pad2d(spread, border, right, border, right);
        return convolution.apply(framed, TransposedConvolution.correlationKernel(weight), bias, 1, 0);
    }
}
