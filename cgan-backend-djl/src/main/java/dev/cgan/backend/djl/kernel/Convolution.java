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
}
