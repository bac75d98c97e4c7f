package dev.cgan.backend.jcuda;

import dev.cgan.api.layer.ConditionalBatchNorm2d;
import dev.cgan.api.spi.EngineConditionalLayer;
import dev.cgan.api.tensor.Shape;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.cuda.global.cudnn;

/**
 * Conditional BatchNorm as three recorded steps: cuDNN's batch normalisation with a constant unit scale and zero shift
 * (training: {@code cudnnBatchNormalizationForwardTraining} and its backward, running statistics by the
 * {@code bn_update_running} kernel as {@link CudaBatchNorm2d}; evaluation: {@code ...ForwardInference} and the
 * {@code bn_eval_backward} kernel); the class rows {@code gamma = y W}, {@code beta = y B} on cuBLAS
 * ({@link CudaEmbedding#rows}); and the per-sample scale and shift of each channel plane (batchnorm.cu's
 * {@code plane_scale_shift}, {@code plane_scale_backward}, {@code plane_scale_shift_sums}).
 */
final class CudaConditionalBatchNorm2d extends EngineConditionalLayer<CudaTensor, CudaContext,
        ConditionalBatchNorm2d> {

    private final Map<Shape, BatchNormDescriptors> descriptors = new HashMap<>();

    CudaConditionalBatchNorm2d(CudaContext context, ConditionalBatchNorm2d spec) {
        super(context, spec, spec.classes());
    }

    @Override
    protected CudaTensor compute(CudaTensor x, CudaTensor labels, boolean training) {
        CudaTensor xhat = normalize(x, training);
        CudaTensor gamma = CudaEmbedding.rows(context, labels, parameter("weight"), spec.classes(), spec.features());
        CudaTensor beta = CudaEmbedding.rows(context, labels, parameter("bias"), spec.classes(), spec.features());
        int planes = x.shape().dim(0) * x.shape().dim(1);
        int spatial = x.shape().dim(2) * x.shape().dim(3);
        CudaTensor y = context.allocate(x.shape());
        int n = y.count();
        CudaTensorOps ops = context.ops();
        ops.launch(KernelSource.BATCHNORM, "plane_scale_shift", n, xhat.data(), gamma.data(), beta.data(), y.data(),
                spatial, n);
        var tape = context.recording(xhat, gamma, beta);
        if (tape != null) {
            tape.record(y, (dy, grads) -> {
                if (grads.wants(xhat)) {
                    CudaTensor dx = context.allocate(x.shape());
                    ops.launch(KernelSource.BATCHNORM, "plane_scale_backward", n, dy.data(), gamma.data(), dx.data(),
                            spatial, n);
                    grads.add(xhat, dx);
                }
                if (grads.wants(gamma) || grads.wants(beta)) {
                    CudaTensor dGamma = context.allocate(gamma.shape());
                    CudaTensor dBeta = context.allocate(beta.shape());
                    context.kernels().launch(KernelSource.BATCHNORM, "plane_scale_shift_sums",
                            LaunchGeometry.perOutput(planes), dy.data(), xhat.data(), dGamma.data(), dBeta.data(),
                            spatial);
                    grads.add(gamma, dGamma);
                    grads.add(beta, dBeta);
                }
            });
        }
        return y;
    }

    /** BatchNorm without affine: cuDNN's with a constant scale of 1 and shift of 0, recorded for {@code x} only. */
    private CudaTensor normalize(CudaTensor x, boolean training) {
        CudaTensor runningMean = buffer("running_mean");
        CudaTensor runningVar = buffer("running_var");
        BatchNormDescriptors d = descriptors.computeIfAbsent(x.shape(),
                s -> context.ownResource(new BatchNormDescriptors(s)));
        int batch = x.shape().dim(0);
        int channels = x.shape().dim(1);
        int spatial = x.shape().dim(2) * x.shape().dim(3);
        CudaTensor ones = context.filled(Shape.of(channels), 1f);
        CudaTensor zeros = context.filled(Shape.of(channels), 0f);
        CudaTensor y = context.allocate(x.shape());
        var tape = context.recording(x);
        if (training) {
            if ((long) batch * spatial < 2) {
                throw new IllegalArgumentException("ConditionalBatchNorm2d in training mode needs more than one value "
                        + "per channel, got input " + x.shape());
            }
            CudaTensor savedMean = context.allocate(Shape.of(channels));
            CudaTensor savedInvStd = context.allocate(Shape.of(channels));
            CudaTensor scratchMean = context.newZeros(Shape.of(channels));
            CudaTensor scratchVar = context.newZeros(Shape.of(channels));
            Status.cudnn("cudnnBatchNormalizationForwardTraining " + x.shape(),
                    cudnn.cudnnBatchNormalizationForwardTraining(context.cudnnHandle(), cudnn.CUDNN_BATCHNORM_SPATIAL,
                            d.one, d.zero, d.data, x.data(), d.data, y.data(), d.statistics, ones.data(),
                            zeros.data(), spec.momentum(), scratchMean.data(), scratchVar.data(), spec.eps(),
                            savedMean.data(), savedInvStd.data()));
            scratchMean.close();
            scratchVar.close();
            context.kernels().launch(KernelSource.BATCHNORM, "bn_update_running", LaunchGeometry.perOutput(channels),
                    x.data(), runningMean.data(), runningVar.data(), (float) spec.momentum(), batch, channels,
                    spatial);
            if (tape != null) {
                tape.record(y, (dy, grads) -> {
                    CudaTensor dx = context.allocate(x.shape());
                    CudaTensor unusedGamma = context.allocate(Shape.of(channels));
                    CudaTensor unusedBeta = context.allocate(Shape.of(channels));
                    Status.cudnn("cudnnBatchNormalizationBackward " + x.shape(),
                            cudnn.cudnnBatchNormalizationBackward(context.cudnnHandle(),
                                    cudnn.CUDNN_BATCHNORM_SPATIAL, d.one, d.zero, d.one, d.zero, d.data, x.data(),
                                    d.data, dy.data(), d.data, dx.data(), d.statistics, ones.data(),
                                    unusedGamma.data(), unusedBeta.data(), spec.eps(), savedMean.data(),
                                    savedInvStd.data()));
                    grads.add(x, dx);
                });
            }
        } else {
            Status.cudnn("cudnnBatchNormalizationForwardInference " + x.shape(),
                    cudnn.cudnnBatchNormalizationForwardInference(context.cudnnHandle(),
                            cudnn.CUDNN_BATCHNORM_SPATIAL, d.one, d.zero, d.data, x.data(), d.data, y.data(),
                            d.statistics, ones.data(), zeros.data(), runningMean.data(), runningVar.data(),
                            spec.eps()));
            if (tape != null) {
                // The running statistics as they are now: a later training pass must not change this gradient.
                CudaTensor mean = context.allocate(runningMean.shape());
                CudaTensor var = context.allocate(runningVar.shape());
                context.copyOnDevice(mean.data(), runningMean.data(), mean.bytes());
                context.copyOnDevice(var.data(), runningVar.data(), var.bytes());
                tape.record(y, (dy, grads) -> {
                    CudaTensor dx = context.allocate(x.shape());
                    CudaTensor unusedGamma = context.allocate(Shape.of(channels));
                    CudaTensor unusedBeta = context.allocate(Shape.of(channels));
                    context.kernels().launch(KernelSource.BATCHNORM, "bn_eval_backward",
                            LaunchGeometry.perOutput(channels), x.data(), dy.data(), mean.data(), var.data(),
                            ones.data(), dx.data(), unusedGamma.data(), unusedBeta.data(), (float) spec.eps(), batch,
                            channels, spatial);
                    grads.add(x, dx);
                });
            }
        }
        return y;
    }
}
