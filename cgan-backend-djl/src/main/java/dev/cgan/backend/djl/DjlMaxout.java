package dev.cgan.backend.djl;

import ai.djl.ndarray.NDArray;
import dev.cgan.api.layer.Maxout;
import dev.cgan.backend.djl.kernel.TorchFunctions;

/**
 * Maxout: one libtorch {@code linear} to {@code units * pieces} features, viewed unit-major as
 * {@code [N, units, pieces]} and reduced by libtorch's {@code max} over the pieces (its gradient reaches the maximal
 * piece).
 */
final class DjlMaxout extends DjlLayer {

    private final Maxout spec;
    private final NDArray weight;
    private final NDArray bias;

    DjlMaxout(DjlContext context, Maxout spec) {
        super(context, spec);
        this.spec = spec;
        this.weight = parameter("weight", 0f);
        this.bias = parameter("bias", 0f);
    }

    @Override
    NDArray apply(NDArray input, boolean training) {
        NDArray pieces = TorchFunctions.linear(input, weight, bias)
                .reshape(input.getShape().get(0), spec.units(), spec.pieces());
        return pieces.max(new int[] {2});
    }
}
