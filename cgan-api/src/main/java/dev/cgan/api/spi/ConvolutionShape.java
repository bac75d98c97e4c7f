package dev.cgan.api.spi;

import dev.cgan.api.layer.Conv2d;
import dev.cgan.api.layer.ConvTranspose2d;
import dev.cgan.api.tensor.Shape;

/**
 * The sizes of one convolution or transposed convolution on one input, derived once from the spec (PyTorch's formulas,
 * which the spec's {@code outputShape} applies and checks) instead of again in every engine.
 *
 * @param batch       N
 * @param inChannels  channels of the input
 * @param inHeight    height of the input
 * @param inWidth     width of the input
 * @param outChannels channels of the output
 * @param outHeight   height of the output
 * @param outWidth    width of the output
 * @param kernel      the square kernel's side
 * @param stride      the stride, both directions
 * @param padding     the zero padding, each side
 * @param transposed  whether this is a transposed convolution
 */
public record ConvolutionShape(int batch, int inChannels, int inHeight, int inWidth, int outChannels, int outHeight,
                               int outWidth, int kernel, int stride, int padding, boolean transposed) {

    /** The sizes of {@code spec} on {@code input} (checked by the spec). */
    public static ConvolutionShape of(Conv2d spec, Shape input) {
        Shape out = spec.outputShape(input);
        return new ConvolutionShape(input.dim(0), spec.in(), input.dim(2), input.dim(3), spec.out(), out.dim(2),
                out.dim(3), spec.kernel(), spec.stride(), spec.padding(), false);
    }

    /** The sizes of {@code spec} on {@code input} (checked by the spec). */
    public static ConvolutionShape of(ConvTranspose2d spec, Shape input) {
        Shape out = spec.outputShape(input);
        return new ConvolutionShape(input.dim(0), spec.in(), input.dim(2), input.dim(3), spec.out(), out.dim(2),
                out.dim(3), spec.kernel(), spec.stride(), spec.padding(), true);
    }

    /** The input's shape {@code [N, C, H, W]}. */
    public Shape inputShape() {
        return Shape.of(batch, inChannels, inHeight, inWidth);
    }

    /** The output's shape {@code [N, C, H, W]}. */
    public Shape outputShape() {
        return Shape.of(batch, outChannels, outHeight, outWidth);
    }

    /**
     * The weight's shape in PyTorch's layout: {@code [out, in, k, k]} for a convolution, {@code [in, out, k, k]} for a
     * transposed one.
     */
    public Shape weightShape() {
        return transposed ? Shape.of(inChannels, outChannels, kernel, kernel)
                : Shape.of(outChannels, inChannels, kernel, kernel);
    }

    /** Multiply-accumulates of the forward pass (the same count for a transposed convolution's scatter). */
    public long forwardMacs() {
        long spatial = transposed ? (long) inHeight * inWidth : (long) outHeight * outWidth;
        return (long) batch * spatial * inChannels * outChannels * kernel * kernel;
    }
}
