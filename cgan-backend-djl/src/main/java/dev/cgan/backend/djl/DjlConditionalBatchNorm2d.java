package dev.cgan.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.cgan.api.layer.ConditionalBatchNorm2d;
import dev.cgan.api.spi.EngineConditionalLayer;
import dev.cgan.backend.djl.kernel.TorchFunctions;

/**
 * Conditional BatchNorm as libtorch expressions, differentiated by libtorch: {@code batch_norm} with a constant unit
 * scale and zero shift (PyTorch's statistics and running-statistics update, as {@link DjlBatchNorm2d}), then
 * {@code xhat * (y @ weight)[:, :, None, None] + (y @ bias)[:, :, None, None]}.
 */
final class DjlConditionalBatchNorm2d extends EngineConditionalLayer<DjlTensor, DjlContext, ConditionalBatchNorm2d> {

    DjlConditionalBatchNorm2d(DjlContext context, ConditionalBatchNorm2d spec) {
        super(context, spec, spec.classes());
    }

    @Override
    protected DjlTensor compute(DjlTensor input, DjlTensor labels, boolean training) {
        DjlTensor weight = parameter("weight");
        DjlTensor bias = parameter("bias");
        DjlTensor runningMean = buffer("running_mean");
        DjlTensor runningVar = buffer("running_var");
        long n = input.shape().dim(0);
        long c = spec.features();
        return context.compute(() -> {
            NDManager manager = context.manager();
            NDArray ones = manager.ones(new Shape(c));
            NDArray zeros = manager.zeros(new Shape(c));
            NDArray xhat = TorchFunctions.batchNorm(input.array(), runningMean.array(), runningVar.array(), ones,
                    zeros, training, spec.momentum(), spec.eps());
            NDArray gamma = labels.array().matMul(weight.array()).reshape(n, c, 1, 1);
            NDArray beta = labels.array().matMul(bias.array()).reshape(n, c, 1, 1);
            return xhat.mul(gamma).add(beta);
        });
    }
}
