package dev.cgan.backend.djl;

import dev.cgan.api.layer.BatchNorm2d;
import dev.cgan.api.spi.EngineLayer;
import dev.cgan.backend.djl.kernel.TorchFunctions;

/**
 * {@code nn.BatchNorm2d} on libtorch's {@code batch_norm}, which already has PyTorch's semantics (biased variance to
 * normalise, unbiased variance into {@code running_var}, updated in place); only the momentum is passed in PyTorch's
 * convention rather than DJL's {@code 1 - momentum}.
 */
final class DjlBatchNorm2d extends EngineLayer<DjlTensor, DjlContext, BatchNorm2d> {

    DjlBatchNorm2d(DjlContext context, BatchNorm2d spec) {
        super(context, spec);
    }

    @Override
    protected DjlTensor compute(DjlTensor input, boolean training) {
        DjlTensor weight = parameter("weight");
        DjlTensor bias = parameter("bias");
        DjlTensor runningMean = buffer("running_mean");
        DjlTensor runningVar = buffer("running_var");
        return context.compute(() -> TorchFunctions.batchNorm(input.array(), runningMean.array(),
                runningVar.array(), weight.array(), bias.array(), training, spec.momentum(), spec.eps()));
    }
}
