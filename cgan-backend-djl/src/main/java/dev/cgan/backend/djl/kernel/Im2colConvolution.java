package dev.cgan.backend.djl.kernel;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/**
 * Convolution as "im2col" and one matrix product, from operations whose gradients libtorch computes without oneDNN:
 * the {@code k²} strided views of the padded input that each kernel tap sees are stacked into patch columns
 * {@code [in·k·k, N·OH·OW]}, and the weight {@code [out, in·k·k]} multiplies them. Used where libtorch's own
 * convolution fails its self-check; measured on the machine that needed it, it was faster than capping oneDNN at
 * SSE4.1 and about half the speed of oneDNN's (faulty) AVX-512 kernels.
 */
final class Im2colConvolution {

    private Im2colConvolution() {
    }

    static NDArray apply(NDArray input, NDArray weight, NDArray bias, int stride, int padding) {
        long[] in = input.getShape().getShape();
        long[] w = weight.getShape().getShape();
        long n = in[0];
        long channels = in[1];
        long channelsOut = w[0];
        int kernel = Math.toIntExact(w[2]);
        long outH = Math.floorDiv(in[2] + 2L * padding - kernel, stride) + 1;
        long outW = Math.floorDiv(in[3] + 2L * padding - kernel, stride) + 1;
        NDArray framed = padding > 0 ? TorchFunctions.pad2d(input, padding, padding, padding, padding) : input;

        NDList taps = new NDList(kernel * kernel);
        for (int u = 0; u < kernel; u++) {
            for (int v = 0; v < kernel; v++) {
                // What tap (u, v) multiplies at every output position: a strided view, [N, in, OH, OW].
                taps.add(TorchFunctions.slice(framed,
                        new long[] {0, 0, u, v},
                        new long[] {n, channels, u + (outH - 1) * stride + 1, v + (outW - 1) * stride + 1},
                        new long[] {1, 1, stride, stride}));
            }
        }
        long patch = channels * kernel * kernel;
        // [N, in, k·k, OH, OW] -> [in·k·k, N·OH·OW]: the weight's column order (in, kh, kw), one column per output.
        NDArray columns = NDArrays.stack(taps, 2).reshape(n, patch, outH * outW).transpose(1, 0, 2)
                .reshape(patch, n * outH * outW);
        NDArray out = weight.reshape(channelsOut, patch).matMul(columns).reshape(channelsOut, n, outH, outW)
                .transpose(1, 0, 2, 3);
        if (bias != null) {
            out = out.add(bias.reshape(1, channelsOut, 1, 1));
        }
        return out;
    }
}
