package dev.cgan.backend.djl.kernel;

import ai.djl.ndarray.NDArray;

/**
 * A way of computing PyTorch's {@code conv2d} (square kernel, stride and zero padding, one group) that autograd can
 * differentiate. Every convolution of the backend, including those the transposed convolutions are built from, goes
 * through the one its context chose, so a faulty engine kernel can be replaced in one place.
 */
@FunctionalInterface
public interface Convolution {

    /** libtorch's own convolution (oneDNN on the CPU, cuDNN on GPUs): the fast path. */
    Convolution LIBTORCH = TorchFunctions::conv2d;

    /** Patches gathered by slicing and one matrix product ({@link Im2colConvolution}): no oneDNN involved. */
    Convolution IM2COL = Im2colConvolution::apply;

    /**
     * {@code input [N, in, H, W]} correlated with {@code weight [out, in, k, k]}, plus {@code bias [out]} (may be
     * null).
     */
    NDArray apply(NDArray input, NDArray weight, NDArray bias, int stride, int padding);

    /**
     * The name a context's diagnostics give {@code convolution}: {@code libtorch}, {@code im2col} or
     * {@code shape-checked} (a {@link ShapeCheckedConvolution}).
     */
    static String nameOf(Convolution convolution) {
        if (convolution == LIBTORCH) {
            return "libtorch";
        } else if (convolution == IM2COL) {
            return "im2col";
        } else if (convolution instanceof ShapeCheckedConvolution) {
            return "shape-checked";
        }
        throw new IllegalArgumentException("djl: unnamed convolution " + convolution);
    }

    /**
     * The convolution {@link #nameOf} names {@code name}, new (a shape-checked one checks each shape again, with the
     * same outcome as the context's), for code that must run the kernels a context chose.
     *
     * @throws IllegalArgumentException for another name
     */
    static Convolution named(String name) {
        if ("libtorch".equals(name)) {
            return LIBTORCH;
        } else if ("im2col".equals(name)) {
            return IM2COL;
        } else if ("shape-checked".equals(name)) {
            return new ShapeCheckedConvolution();
        }
        throw new IllegalArgumentException("djl: unknown convolution '" + name
                + "'; expected libtorch, im2col or shape-checked (a djl context's diagnostics name one)");
    }
}
