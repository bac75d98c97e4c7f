package dev.cgan.backend.djl.kernel;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/**
 * Convolution as "im2col" and matrix products, from operations whose gradients libtorch computes without oneDNN: the
 * strided views of the padded input that the kernel taps see are stacked into patch columns {@code [N, P, OH·OW]}
 * per sample, and the weight, as a matrix {@code [out, P]}, multiplies them in one batched product whose result is
 * already {@code [N, out, OH·OW]} (no transposes on either side). Used where libtorch's own convolution fails its
 * self-check.
 *
 * <p>Gathering costs memory traffic, forward and backward: each view's gradient is a zero-filled copy of the whole
 * input. So a kernel that the stride divides ({@code 4×4} at stride 2, every strided DCGAN convolution) is gathered
 * from the input's {@code s²} stride phases (one permuting copy, "space to depth"), where it is a stride-1 kernel of
 * {@code (k/s)²} taps: 4 views instead of 16. A window that covers the whole input (a 4×4 input, kernel 4, no
 * padding: the discriminator's last layer) is the input itself, a plain matrix product.
 */
final class Im2colConvolution {

    private Im2colConvolution() {
    }

    static NDArray apply(NDArray input, NDArray weight, NDArray bias, int stride, int padding) {
        long[] in = input.getShape().getShape();
        long[] w = weight.getShape().getShape();
        long n = in[0];
        long channelsOut = w[0];
        int kernel = Math.toIntExact(w[2]);
        long outH = Math.floorDiv(in[2] + 2L * padding - kernel, stride) + 1;
        long outW = Math.floorDiv(in[3] + 2L * padding - kernel, stride) + 1;
        NDArray out;
        if (padding == 0 && in[2] == kernel && in[3] == kernel) {
            // One window per sample, whose column order (in, kh, kw) is the input's own layout.
            out = input.reshape(n, in[1] * kernel * kernel).matMul(weight.reshape(channelsOut, -1).transpose())
                    .reshape(n, channelsOut, 1, 1);
        } else if (stride > 1 && kernel % stride == 0) {
            out = byPhases(input, weight, stride, padding, outH, outW);
        } else {
            out = byTaps(input, weight, stride, padding, outH, outW);
        }
        if (bias != null) {
            out = out.add(bias.reshape(1, channelsOut, 1, 1));
        }
        return out;
    }

    /** The {@code k²} strided views of the padded input, one per kernel tap. */
    private static NDArray byTaps(NDArray input, NDArray weight, int stride, int padding, long outH, long outW) {
        long[] in = input.getShape().getShape();
        long[] w = weight.getShape().getShape();
        long n = in[0];
        long channels = in[1];
        int kernel = Math.toIntExact(w[2]);
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
        // [N, in, k·k, OH, OW] -> [N, in·k·k, OH·OW]: rows in the weight's column order (in, kh, kw).
        NDArray columns = NDArrays.stack(taps, 2).reshape(n, patch, outH * outW);
        return weight.reshape(w[0], patch).matMul(columns).reshape(n, w[0], outH, outW);
    }

    /**
     * Stride {@code s} dividing the kernel: tap {@code kh = a·s + ph} of output row {@code o} reads padded row
     * {@code (o + a)·s + ph}, i.e. row {@code o + a} of stride phase {@code ph}. With the phases as channels
     * ({@code [N, in·s², ⌈H/s⌉, ⌈W/s⌉]}) the convolution is a stride-1 one with {@code (k/s)²} taps, and the weight is
     * permuted to the matching order {@code (in, ph, pw, a, b)}.
     */
    private static NDArray byPhases(NDArray input, NDArray weight, int stride, int padding, long outH, long outW) {
        long[] in = input.getShape().getShape();
        long[] w = weight.getShape().getShape();
        long n = in[0];
        long channels = in[1];
        int kernel = Math.toIntExact(w[2]);
        int taps = kernel / stride;
        long phaseH = Math.floorDiv(in[2] + 2L * padding + stride - 1, stride);
        long phaseW = Math.floorDiv(in[3] + 2L * padding + stride - 1, stride);
        // Pad to whole phases; the extra rows and columns at the end are never read by an output.
        long extraH = phaseH * stride - (in[2] + 2L * padding);
        long extraW = phaseW * stride - (in[3] + 2L * padding);
        NDArray framed = padding > 0 || extraH > 0 || extraW > 0
                ? TorchFunctions.pad2d(input, padding, padding + extraW, padding, padding + extraH)
                : input;
        long phaseChannels = channels * stride * stride;
        NDArray phases = framed.reshape(n, channels, phaseH, stride, phaseW, stride).transpose(0, 1, 3, 5, 2, 4)
                .reshape(n, phaseChannels, phaseH, phaseW);
        NDList views = new NDList(taps * taps);
        for (int a = 0; a < taps; a++) {
            for (int b = 0; b < taps; b++) {
                views.add(TorchFunctions.slice(phases, new long[] {0, 0, a, b},
                        new long[] {n, phaseChannels, a + outH, b + outW}, new long[] {1, 1, 1, 1}));
            }
        }
        long patch = phaseChannels * taps * taps;
        // [N, in·s², (k/s)², OH, OW] -> [N, P, OH·OW], rows ordered (in, ph, pw, a, b).
        NDArray columns = NDArrays.stack(views, 2).reshape(n, patch, outH * outW);
        NDArray kernelMatrix = weight.reshape(w[0], channels, taps, stride, taps, stride)
                .transpose(0, 1, 3, 5, 2, 4).reshape(w[0], patch);
        return kernelMatrix.matMul(columns).reshape(n, w[0], outH, outW);
    }
}
