package dev.cgan.backend.jcuda;

import dev.cgan.api.layer.BatchNorm2d;
import dev.cgan.api.spi.EngineLayer;
import dev.cgan.api.tensor.Shape;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.cuda.global.cudnn;

/**
 * {@code nn.BatchNorm2d} with PyTorch's semantics (weight and running variance start at one: the kit makes them).
 *
 * <ul>
 *   <li>Training: cuDNN's {@code cudnnBatchNormalizationForwardTraining} normalises with the batch mean and biased
 *       variance and saves the statistics for {@code cudnnBatchNormalizationBackward}. The running statistics are
 *       <em>not</em> left to cuDNN (it updates scratch copies nobody reads): a kernel updates them from the batch,
 *       exactly as PyTorch does ({@code running = (1 - momentum) * running + momentum * batch}, unbiased variance),
 *       so the result does not rest on cuDNN's averaging and variance conventions.</li>
 *   <li>Evaluation: {@code cudnnBatchNormalizationForwardInference} with the running statistics; its backward pass
 *       (constant statistics, which cuDNN's backward call does not cover) is a kernel.</li>
 * </ul>
 */
final class CudaBatchNorm2d extends EngineLayer<CudaTensor, CudaContext, BatchNorm2d> {

    private final Map<Shape, BatchNormDescriptors> descriptors = new HashMap<>();

    CudaBatchNorm2d(CudaContext context, BatchNorm2d spec) {
        super(context, spec);
    }

    @Override
    protected CudaTensor compute(CudaTensor x, boolean training) {
        CudaTensor gamma = parameter("weight");
        CudaTensor beta = parameter("bias");
        CudaTensor runningMean = buffer("running_mean");
        CudaTensor runningVar = buffer("running_var");
        BatchNormDescriptors d = descriptors.computeIfAbsent(x.shape(),
                s -> context.ownResource(new BatchNormDescriptors(s)));
        int batch = x.shape().dim(0);
        int channels = x.shape().dim(1);
        int spatial = x.shape().dim(2) * x.shape().dim(3);
        CudaTensor y = context.allocate(x.shape());
        var tape = context.recording(x, gamma, beta);
        if (training) {
            if ((long) batch * spatial < 2) {
                throw new IllegalArgumentException("BatchNorm2d in training mode needs more than one value per "
                        + "channel, got input " + x.shape());
            }
            CudaTensor savedMean = context.allocate(Shape.of(channels));
            CudaTensor savedInvStd = context.allocate(Shape.of(channels));
            // cuDNN's own running averages go to scratch buffers that nothing reads (the kernel below keeps the
            // real ones), so its conventions cannot leak into the buffers, whichever they are.
            CudaTensor scratchMean = context.newZeros(Shape.of(channels));
            CudaTensor scratchVar = context.newZeros(Shape.of(channels));
            OpTimer.time("batchnorm forward (training) " + x.shape(), () -> Status.cudnn(
                    "cudnnBatchNormalizationForwardTraining " + x.shape(),
                    cudnn.cudnnBatchNormalizationForwardTraining(context.cudnnHandle(), cudnn.CUDNN_BATCHNORM_SPATIAL,
                            d.one, d.zero, d.data, x.data(), d.data, y.data(), d.statistics, gamma.data(),
                            beta.data(), spec.momentum(), scratchMean.data(), scratchVar.data(), spec.eps(),
                            savedMean.data(), savedInvStd.data())));
            scratchMean.close();
            scratchVar.close();
            context.kernels().launch(KernelSource.BATCHNORM, "bn_update_running", LaunchGeometry.perOutput(channels),
                    x.data(), runningMean.data(), runningVar.data(), (float) spec.momentum(), batch, channels,
                    spatial);
            if (tape != null) {
                tape.record(y, (dy, grads) -> {
                    CudaTensor dx = context.allocate(x.shape());
                    CudaTensor dGamma = context.allocate(gamma.shape());
                    CudaTensor dBeta = context.allocate(beta.shape());
                    OpTimer.time("batchnorm backward " + x.shape(), () -> Status.cudnn(
                            "cudnnBatchNormalizationBackward " + x.shape(),
                            cudnn.cudnnBatchNormalizationBackward(context.cudnnHandle(),
                                    cudnn.CUDNN_BATCHNORM_SPATIAL, d.one, d.zero, d.one, d.zero, d.data, x.data(),
                                    d.data, dy.data(), d.data, dx.data(), d.statistics, gamma.data(), dGamma.data(),
                                    dBeta.data(), spec.eps(), savedMean.data(), savedInvStd.data())));
                    grads.add(x, dx);
                    grads.add(gamma, dGamma);
                    grads.add(beta, dBeta);
                });
            }
        } else {
            Status.cudnn("cudnnBatchNormalizationForwardInference " + x.shape(),
                    cudnn.cudnnBatchNormalizationForwardInference(context.cudnnHandle(),
                            cudnn.CUDNN_BATCHNORM_SPATIAL, d.one, d.zero, d.data, x.data(), d.data, y.data(),
                            d.statistics, gamma.data(), beta.data(), runningMean.data(), runningVar.data(),
                            spec.eps()));
            if (tape != null) {
                // The running statistics as they are now: a later training pass must not change this gradient.
                CudaTensor mean = context.allocate(runningMean.shape());
                CudaTensor var = context.allocate(runningVar.shape());
                context.copyOnDevice(mean.data(), runningMean.data(), mean.bytes());
                context.copyOnDevice(var.data(), runningVar.data(), var.bytes());
                tape.record(y, (dy, grads) -> {
                    CudaTensor dx = context.allocate(x.shape());
                    CudaTensor dGamma = context.allocate(gamma.shape());
                    CudaTensor dBeta = context.allocate(beta.shape());
                    context.kernels().launch(KernelSource.BATCHNORM, "bn_eval_backward",
                            LaunchGeometry.perOutput(channels), x.data(), dy.data(), mean.data(), var.data(),
                            gamma.data(), dx.data(), dGamma.data(), dBeta.data(), (float) spec.eps(), batch, channels,
                            spatial);
                    grads.add(x, dx);
                    grads.add(gamma, dGamma);
                    grads.add(beta, dBeta);
                });
            }
        }
        return y;
    }
}
