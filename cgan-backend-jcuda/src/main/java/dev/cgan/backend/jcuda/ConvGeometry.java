package dev.cgan.backend.jcuda;

import dev.cgan.api.spi.ConvolutionShape;
import dev.cgan.api.tensor.Shape;

/**
 * One cuDNN convolution as cuDNN sees it: input {@code [N, C, H, W]}, filter {@code [K, C, kernel, kernel]}, output
 * {@code [N, K, outH, outW]}, square stride and padding, dilation 1, cross-correlation.
 *
 * <p>A transposed convolution is this convolution run backwards: its input is the convolution's <em>output</em> and
 * its output the convolution's <em>input</em>. PyTorch's transposed weight {@code [in, out, k, k]} is exactly the
 * filter {@code [K = in, C = out, k, k]}, so the weights are used as they are.
 */
record ConvGeometry(int batch, int inChannels, int inHeight, int inWidth, int outChannels, int kernel, int stride,
                    int padding, int outHeight, int outWidth) {

    /**
     * cuDNN's convolution for a layer's sizes (the kit's, by PyTorch's formulas): the layer itself for a convolution;
     * for a transposed convolution the convolution whose data gradient it is, with the roles of input and output
     * exchanged.
     */
    static ConvGeometry of(ConvolutionShape s) {
        if (!s.transposed()) {
            return new ConvGeometry(s.batch(), s.inChannels(), s.inHeight(), s.inWidth(), s.outChannels(), s.kernel(),
                    s.stride(), s.padding(), s.outHeight(), s.outWidth());
        }
        return new ConvGeometry(s.batch(), s.outChannels(), s.outHeight(), s.outWidth(), s.inChannels(), s.kernel(),
                s.stride(), s.padding(), s.inHeight(), s.inWidth());
    }

    Shape inputShape() {
        return Shape.of(batch, inChannels, inHeight, inWidth);
    }

    Shape outputShape() {
        return Shape.of(batch, outChannels, outHeight, outWidth);
    }

    Shape filterShape() {
        return Shape.of(outChannels, inChannels, kernel, kernel);
    }
}
