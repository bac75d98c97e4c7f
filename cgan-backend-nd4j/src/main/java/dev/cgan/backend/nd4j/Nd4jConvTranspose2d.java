package dev.cgan.backend.nd4j;

import dev.cgan.api.layer.ConvTranspose2d;
import dev.cgan.api.spi.EngineLayer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code nn.ConvTranspose2d} on libnd4j's {@code deconv2d} and {@code deconv2d_bp}. libnd4j's weight format 1 for a
 * transposed convolution is {@code [in, out, kH, kW]}, exactly PyTorch's layout, so weights are used as stored.
 */
final class Nd4jConvTranspose2d extends EngineLayer<Nd4jTensor, Nd4jContext, ConvTranspose2d> {

    private final int[] arguments;

    Nd4jConvTranspose2d(Nd4jContext context, ConvTranspose2d spec) {
        super(context, spec);
        this.arguments = CustomOps.convolutionArguments(spec.kernel(), spec.stride(), spec.padding());
    }

    @Override
    protected Nd4jTensor compute(Nd4jTensor x, boolean training) {
        return convolve(context, arguments, x, parameter("weight"), parameter("bias"));
    }

    /** The transposed convolution of {@code x} with {@code w} and {@code b} (or null), recorded. */
    static Nd4jTensor convolve(Nd4jContext context, int[] arguments, Nd4jTensor x, Nd4jTensor w, Nd4jTensor b) {
        return context.compute(
                () -> CustomOps.single("deconv2d", arguments, Nd4jConv2d.inputs(x, w, b, null)),
                g -> {
                    INDArray[] grads = CustomOps.all("deconv2d_bp", arguments, Nd4jConv2d.inputs(x, w, b, g));
                    return b == null ? new INDArray[] {grads[0], grads[1]}
                            : new INDArray[] {grads[0], grads[1], grads[2]};
                },
                b == null ? new Nd4jTensor[] {x, w} : new Nd4jTensor[] {x, w, b});
    }
}
