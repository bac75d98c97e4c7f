package dev.cgan.backend.djl.kernel;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/**
 * Convolution as "im2col" and matrix products, from operations whose gradients libtorch computes without oneDNN: the
 * strided views of the padded input that the kernel taps see (taken channels first, so that stacking them yields
 * the column matrix {@code [P, N·OH·OW]} with no further copy) are multiplied by the weight as a matrix
 * {@code [out, P]}; the product is viewed as {@code [N, out, OH, OW]}. Used where libtorch's own convolution fails
 * its self-check.
 *
 * <p>Gathering costs memory traffic, forward and backward: each view's gradient is a zero-filled copy of the whole
 * input. So a kernel that the stride divides ({@code 4×4} at stride 2, every strided DCGAN convolution) is gathered
 * from the input's {@code s²} stride phases (a view, "space to depth"), where it is a stride-1 kernel of
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
        // Channels first, a view: the stacked taps then come out as [in, k·k, N, OH, OW], the column matrix itself.
        NDArray channelsFirst = framed.transpose(1, 0, 2, 3);
        NDList taps = new NDList(kernel * kernel);
        for (int u = 0; u < kernel; u++) {
            for (int v = 0; v < kernel; v++) {
                // What tap (u, v) multiplies at every output position: a strided view, [in, N, OH, OW].
                taps.add(TorchFunctions.slice(channelsFirst,
                        new long[] {0, 0, u, v},
                        new long[] {channels, n, u + (outH - 1) * stride + 1, v + (outW - 1) * stride + 1},
                        new long[] {1, 1, stride, stride}));
            }
        }
        long patch = channels * kernel * kernel;
        NDArray columns = NDArrays.stack(taps, 1).reshape(patch, n * outH * outW);
        return product(weight.reshape(w[0], patch), columns, n, outH, outW);
    }

    /**
     * Stride {@code s} dividing the kernel: tap {@code kh = a·s + ph} of output row {@code o} reads padded row
     * {@code (o + a)·s + ph}, i.e. row {@code o + a} of stride phase {@code ph}. Viewed as {@code [in, s, s, N, ⌈H/s⌉,
     * ⌈W/s⌉]} (phases split off, channels first: a view, no copy), the convolution is a stride-1 one with
     * {@code (k/s)²} taps, and the weight is permuted to the matching row order {@code (in, ph, pw, a, b)}.
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
        NDArray phases = framed.reshape(n, channels, phaseH, stride, phaseW, stride).transpose(1, 3, 5, 0, 2, 4);
        NDList views = new NDList(taps * taps);
        for (int a = 0; a < taps; a++) {
            for (int b = 0; b < taps; b++) {
                views.add(TorchFunctions.slice(phases, new long[] {0, 0, 0, 0, a, b},
                        new long[] {channels, stride, stride, n, a + outH, b + outW}, new long[] {1, 1, 1, 1, 1, 1}));
            }
        }
        long patch = channels * stride * stride * taps * taps;
        // [in, s, s, (k/s)², N, OH, OW] is the column matrix [P, N·OH·OW], rows ordered (in, ph, pw, a, b).
        NDArray columns = NDArrays.stack(views, 3).reshape(patch, n * outH * outW);
        NDArray kernelMatrix = weight.reshape(w[0], channels, taps, stride, taps, stride)
                .transpose(0, 1, 3, 5, 2, 4).reshape(w[0], patch);
        return product(kernelMatrix, columns, n, outH, outW);
    }

    /** {@code [out, P] · [P, N·OH·OW]}, viewed as {@code [N, out, OH, OW]}. */
    private static NDArray product(NDArray kernelMatrix, NDArray columns, long n, long outH, long outW) {
        long channelsOut = kernelMatrix.getShape().get(0);
        return kernelMatrix.matMul(columns).reshape(channelsOut, n, outH, outW).transpose(1, 0, 2, 3);
    }
}
