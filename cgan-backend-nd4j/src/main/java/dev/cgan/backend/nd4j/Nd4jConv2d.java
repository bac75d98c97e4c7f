package dev.cgan.backend.nd4j;

import dev.cgan.api.layer.Conv2d;
import dev.cgan.api.spi.ConvolutionShape;
import dev.cgan.api.spi.EngineLayer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code nn.Conv2d} on libnd4j's {@code conv2d} and {@code conv2d_bp} (oneDNN on the CPU), weights as PyTorch's. A layer
 * with few input channels and no bias (the discriminator's first) takes its weight gradient from
 * {@link ColumnWeightGradient} and its input gradient from {@code deconv2d}, only when the input needs one.
 */
final class Nd4jConv2d extends EngineLayer<Nd4jTensor, Nd4jContext, Conv2d> {

    private final int[] arguments;

    Nd4jConv2d(Nd4jContext context, Conv2d spec) {
        super(context, spec);
        this.arguments = CustomOps.convolutionArguments(spec.kernel(), spec.stride(), spec.padding());
    }

    @Override
    protected Nd4jTensor compute(Nd4jTensor x, boolean training) {
        return convolve(context, spec, arguments, x, parameter("weight"), parameter("bias"));
    }

    /** The convolution of {@code x} with {@code w} and {@code b} (or null), recorded; also Nd4jSpectralNorm's. */
    static Nd4jTensor convolve(Nd4jContext context, Conv2d spec, int[] arguments, Nd4jTensor x, Nd4jTensor w,
                               Nd4jTensor b) {
        return context.compute(
                () -> CustomOps.single("conv2d", arguments, inputs(x, w, b, null)),
                g -> {
                    if (b == null && byColumns(ConvolutionShape.of(spec, x.shape()))) {
                        // The input gradient (a transposed convolution) only where someone needs it.
                        INDArray gradInput = x.needsGrad() ? CustomOps.single("deconv2d", arguments,
                                new INDArray[] {g, w.array()}) : null;
                        return new INDArray[] {gradInput, ColumnWeightGradient.of(x.array(), g, spec.kernel(),
                                spec.stride(), spec.padding())};
                    }
                    INDArray[] grads = CustomOps.all("conv2d_bp", arguments, inputs(x, w, b, g));
                    return b == null ? new INDArray[] {grads[0], grads[1]}
                            : new INDArray[] {grads[0], grads[1], grads[2]};
                },
                b == null ? new Nd4jTensor[] {x, w} : new Nd4jTensor[] {x, w, b});
    }

    /**
     * Whether the backward pass takes {@link ColumnWeightGradient} and a {@code deconv2d} for the input gradient: few
     * inputs per output, columns of bounded size, and a geometry whose transposed convolution gives back exactly the
     * input's size (the last window ends at the padded input's edge).
     */
    static boolean byColumns(ConvolutionShape s) {
        long patch = (long) s.inChannels() * s.kernel() * s.kernel();
        long positions = (long) s.batch() * s.outHeight() * s.outWidth();
        return patch <= ColumnWeightGradient.MAX_PATCH
                && (s.outHeight() - 1) * s.stride() + s.kernel() == s.inHeight() + 2 * s.padding()
                && (s.outWidth() - 1) * s.stride() + s.kernel() == s.inWidth() + 2 * s.padding()
                && patch * positions <= ColumnWeightGradient.MAX_COLUMNS;
    }

    /** The operation's inputs: {@code x}, {@code w}, then {@code b} and the output's gradient where present. */
    static INDArray[] inputs(Nd4jTensor x, Nd4jTensor w, Nd4jTensor b, INDArray gradOutput) {
        int n = 2 + (b == null ? 0 : 1) + (gradOutput == null ? 0 : 1);
        INDArray[] in = new INDArray[n];
        in[0] = x.array();
        in[1] = w.array();
        int k = 2;
        if (b != null) {
            in[k++] = b.array();
        }
        if (gradOutput != null) {
            in[k] = gradOutput;
        }
        return in;
    }
}
