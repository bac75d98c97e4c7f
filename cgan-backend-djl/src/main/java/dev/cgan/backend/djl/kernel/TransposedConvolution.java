package dev.cgan.backend.djl.kernel;

import ai.djl.ndarray.NDArray;

/**
 * PyTorch's {@code conv_transpose2d} (square kernel, stride and padding, no output padding, dilation 1, one group)
 * built from ordinary convolutions, because DJL's PyTorch engine has no transposed convolution. Every path is exact
 * (the same sums as the definition) and differentiable through autograd, so gradients need no hand-written backward.
 *
 * <p>Weights have PyTorch's transposed layout {@code [in, out, k, k]}. Call inside an {@code NDScope}: the
 * intermediates (flipped kernels, padded inputs, phase outputs) are left for it to free.
 */
public final class TransposedConvolution {

    /** The ways of computing a transposed convolution, fastest applicable first. */
    public enum Path {
        /** A 1×1 input: every output pixel receives one kernel tap, so the layer is one matrix product. */
        PROJECTION,
        /** Stride 1: a convolution with the flipped, transposed kernel and padding {@code k - 1 - p}. */
        DIRECT,
        /**
         * Stride {@code s} dividing the kernel: each of the {@code s × s} output phases is a small convolution of the
         * input with a {@code k/s × k/s} sub-kernel; the phases are interleaved.
         */
        SUB_PIXEL,
        /**
         * {@link #SUB_PIXEL} with the phases' sub-kernels stacked into one convolution over a shared border (a little
         * more arithmetic, one large matrix product instead of {@code s²} small ones).
         */
        SUB_PIXEL_FUSED,
        /** Anything: insert {@code s - 1} zeros between input pixels, then a stride-1 convolution. */
        ZERO_INSERTION
    }

    private TransposedConvolution() {
    }

    /** The path {@link #apply} takes for this geometry and input size. */
    public static Path choose(int kernel, int stride, int padding, long height, long width) {
        if (height == 1 && width == 1 && kernel - 2L * padding > 0) {
            return Path.PROJECTION;
        }
        if (stride == 1) {
            return Path.DIRECT;
        }
        if (kernel % stride == 0) {
            // Measured faster than SUB_PIXEL at every DCGAN layer size (one large matrix product beats s² small ones).
            return Path.SUB_PIXEL_FUSED;
        }
        return Path.ZERO_INSERTION;
    }

    /**
     * The transposed convolution of {@code input} {@code [N, in, H, W]} with {@code weight} {@code [in, out, k, k]},
     * plus {@code bias} {@code [out]} (may be null): {@code [N, out, (H-1)s - 2p + k, (W-1)s - 2p + k]}, with the
     * ordinary convolutions computed by {@code convolution}.
     */
    public static NDArray apply(Convolution convolution, NDArray input, NDArray weight, NDArray bias, int stride,
                                int padding) {
        long[] in = input.getShape().getShape();
        int kernel = Math.toIntExact(weight.getShape().get(2));
        return apply(choose(kernel, stride, padding, in[2], in[3]), convolution, input, weight, bias, stride,
                padding);
    }

    /**
     * The transposed convolution along a given path (tests pin each path against the definition).
     *
     * @throws IllegalArgumentException if the path cannot compute this geometry
     */
    public static NDArray apply(Path path, Convolution convolution, NDArray input, NDArray weight, NDArray bias,
                                int stride, int padding) {
        int kernel = Math.toIntExact(weight.getShape().get(2));
        return switch (path) {
            case PROJECTION -> ProjectionConvTranspose.apply(input, weight, bias, kernel, padding);
            case DIRECT -> {
                require(stride == 1, path, kernel, stride);
                yield DirectConvTranspose.apply(convolution, input, weight, bias, kernel, padding);
            }
            case SUB_PIXEL -> {
                require(kernel % stride == 0, path, kernel, stride);
                yield SubPixelConvTranspose.apply(convolution, input, weight, bias, kernel, stride, padding);
            }
            case SUB_PIXEL_FUSED -> {
                require(kernel % stride == 0, path, kernel, stride);
                yield SubPixelConvTranspose.applyFused(convolution, input, weight, bias, kernel, stride,
                        padding);
            }
            case ZERO_INSERTION -> ZeroInsertionConvTranspose.apply(convolution, input, weight, bias, kernel,
                    stride, padding);
        };
    }

    /**
     * The kernel of the equivalent correlation: {@code [out, in, k, k]} with both spatial axes reversed. A transposed
     * convolution scatters each input pixel through the kernel; gathering instead visits the taps in reverse order.
     */
    static NDArray correlationKernel(NDArray weight) {
        return weight.transpose(1, 0, 2, 3).flip(2, 3);
    }

    /** Output size of a transposed convolution along one axis (PyTorch's formula). */
    static long outputSize(long in, int kernel, int stride, int padding) {
        return (in - 1) * stride - 2L * padding + kernel;
    }

    private static void require(boolean ok, Path path, int kernel, int stride) {
        if (!ok) {
            throw new IllegalArgumentException(
                    "transposed-convolution path " + path + " cannot do kernel " + kernel + " stride " + stride);
        }
    }
}
