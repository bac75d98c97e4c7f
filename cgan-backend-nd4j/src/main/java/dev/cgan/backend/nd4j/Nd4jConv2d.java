package dev.cgan.backend.nd4j;

import dev.cgan.api.layer.Conv2d;
import dev.cgan.api.tensor.Tensor;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code nn.Conv2d} on libnd4j's {@code conv2d} and {@code conv2d_bp} (oneDNN on the CPU), weights as PyTorch's. A layer
 * with few input channels and no bias (the discriminator's first) takes its weight gradient from
 * {@link ColumnWeightGradient} and its input gradient from {@code deconv2d}, only when the input needs one.
 */
final class Nd4jConv2d extends Nd4jLayer {

    private final Conv2d spec;
    private final ConvolutionGeometry geometry;

    Nd4jConv2d(Nd4jContext context, Conv2d spec) {
        super(context, spec, Map.of());
        this.spec = spec;
        this.geometry = new ConvolutionGeometry(spec.kernel(), spec.stride(), spec.padding());
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        Nd4jTensor x = input(input);
        Nd4jTensor w = parameter("weight");
        Nd4jTensor b = parameter("bias");
        return context.compute(
                () -> CustomOps.single("conv2d", geometry.convolutionArguments(), inputs(x, w, b, null)),
                g -> {
                    if (b == null && byColumns(x.array())) {
                        // The input gradient (a transposed convolution) only where someone needs it.
                        INDArray gradInput = x.tracked() ? CustomOps.single("deconv2d",
                                geometry.convolutionArguments(), new INDArray[] {g, w.array()}) : null;
                        return new INDArray[] {gradInput, ColumnWeightGradient.of(x.array(), g, spec.kernel(),
                                spec.stride(), spec.padding())};
                    }
                    INDArray[] grads = CustomOps.all("conv2d_bp", geometry.convolutionArguments(),
                            inputs(x, w, b, g));
                    return b == null ? new INDArray[] {grads[0], grads[1]}
                            : new INDArray[] {grads[0], grads[1], grads[2]};
                },
                b == null ? new Nd4jTensor[] {x, w} : new Nd4jTensor[] {x, w, b});
    }

    /**
     * Whether the backward pass takes {@link ColumnWeightGradient} and a {@code deconv2d} for the input gradient: few
     * inputs per output, columns of bounded size, and a geometry whose transposed convolution gives back exactly the
     * input's size.
     */
    private boolean byColumns(INDArray x) {
        int k = spec.kernel();
        long spanH = x.size(2) + 2L * spec.padding() - k;
        long spanW = x.size(3) + 2L * spec.padding() - k;
        long positions = x.size(0) * (spanH / spec.stride() + 1) * (spanW / spec.stride() + 1);
        return spec.in() * k * k <= ColumnWeightGradient.MAX_PATCH
                && spanH % spec.stride() == 0 && spanW % spec.stride() == 0
                && (long) spec.in() * k * k * positions <= ColumnWeightGradient.MAX_COLUMNS;
    }

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
