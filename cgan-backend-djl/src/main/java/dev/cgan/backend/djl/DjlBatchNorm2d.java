package dev.cgan.backend.djl;

import ai.djl.ndarray.NDArray;
import dev.cgan.api.layer.BatchNorm2d;
import dev.cgan.backend.djl.kernel.TorchFunctions;

/**
 * {@code nn.BatchNorm2d} on libtorch's {@code batch_norm}, which already has PyTorch's semantics (biased variance to
 * normalise, unbiased variance into {@code running_var}, updated in place); only the momentum is passed in PyTorch's
 * convention rather than DJL's {@code 1 - momentum}.
 */
final class DjlBatchNorm2d extends DjlLayer {

    private final BatchNorm2d spec;
    private final NDArray weight;
    private final NDArray bias;
    private final NDArray runningMean;
    private final NDArray runningVar;

    DjlBatchNorm2d(DjlContext context, BatchNorm2d spec) {
        super(context, spec);
        this.spec = spec;
        this.weight = parameter("weight", 1f);
        this.bias = parameter("bias", 0f);
        this.runningMean = buffer("running_mean", 0f);
        this.runningVar = buffer("running_var", 1f);
    }

    @Override
    NDArray apply(NDArray input, boolean training) {
        return TorchFunctions.batchNorm(input, runningMean, runningVar, weight, bias, training, spec.momentum(),
                spec.eps());
    }
}
