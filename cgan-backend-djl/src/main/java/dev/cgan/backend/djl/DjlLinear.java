package dev.cgan.backend.djl;

import ai.djl.ndarray.NDArray;
import dev.cgan.api.layer.Linear;
import dev.cgan.backend.djl.kernel.TorchFunctions;

/** {@code nn.Linear}: libtorch's {@code linear}, {@code x W^T + b}. */
final class DjlLinear extends DjlLayer {

    private final NDArray weight;
    private final NDArray bias;

    DjlLinear(DjlContext context, Linear spec) {
        super(context, spec);
        this.weight = parameter("weight", 0f);
        this.bias = spec.bias() ? parameter("bias", 0f) : null;
    }

    @Override
    NDArray apply(NDArray input, boolean training) {
        return TorchFunctions.linear(input, weight, bias);
    }
}
