package dev.cgan.backend.nd4j;

import dev.cgan.api.layer.Dropout;
import dev.cgan.api.layer.DropoutMask;
import dev.cgan.api.tensor.Tensor;
import java.util.Map;
import java.util.OptionalLong;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code nn.Dropout} with the API's reproducible mask: the multipliers ({@code 0} or {@code 1 / (1 - p)}) come from
 * the layer's {@link DropoutMask} stream on the host, so the same elements drop as on every other backend; the
 * gradient is the upstream gradient times the same multipliers. Evaluation mode is a copy whose gradient passes
 * through, and draws nothing.
 *
 * <p>The multipliers are a tensor of the caller's scope, like the output: the tape's backward closure reads them, so
 * they live exactly as long as the output they belong to.
 */
final class Nd4jDropout extends Nd4jLayer {

    private final double p;
    private final DropoutMask mask;

    Nd4jDropout(Nd4jContext context, Dropout spec) {
        super(context, spec, Map.of());
        this.p = spec.p();
        this.mask = new DropoutMask(spec.seed());
    }

    @Override
    public OptionalLong randomState() {
        return OptionalLong.of(mask.state());
    }

    @Override
    public void restoreRandomState(long state) {
        mask.setState(state);
    }

    @Override
    public Tensor forward(Tensor input, boolean training) {
        Nd4jTensor x = input(input);
        if (!training) {
            return context.compute(() -> x.array().dup('c'), g -> new INDArray[] {g}, x);
        }
        Nd4jTensor scales = context.own(context.tensor(mask.nextScales(input.shape().sizeAsInt(), p), input.shape()));
        return context.compute(() -> x.array().mul(scales.array()),
                g -> new INDArray[] {g.mul(scales.array())}, x);
    }
}
