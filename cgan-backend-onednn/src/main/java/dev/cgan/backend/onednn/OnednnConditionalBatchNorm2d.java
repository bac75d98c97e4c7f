package dev.cgan.backend.onednn;

import dev.cgan.api.layer.ConditionalBatchNorm2d;
import dev.cgan.api.spi.EngineConditionalLayer;
import dev.cgan.api.spi.HostPlaneScaleShift;
import dev.cgan.api.tensor.Shape;
import java.nio.FloatBuffer;

/**
 * Conditional BatchNorm as three recorded steps: oneDNN's batch normalisation with a constant unit scale and zero
 * shift ({@link BatchNormKernel}, statistics and running-statistics update as {@link OnednnBatchNorm2d}); the class
 * rows {@code gamma = y W}, {@code beta = y B} ({@link OnednnEmbedding#rows}); and the per-sample scale and
 * shift of each channel plane ({@link HostPlaneScaleShift}), whose backward gives {@code g * gamma} to the normalised input and the
 * plane sums {@code sum(g * xhat)}, {@code sum(g)} (in double) to gamma and beta.
 */
final class OnednnConditionalBatchNorm2d extends EngineConditionalLayer<OnednnTensor, OnednnContext,
        ConditionalBatchNorm2d> {

    private final BatchNormKernel kernel;

    OnednnConditionalBatchNorm2d(OnednnContext context, ConditionalBatchNorm2d spec) {
        super(context, spec, spec.classes());
        this.kernel = new BatchNormKernel(context, spec.eps());
    }

    @Override
    protected OnednnTensor compute(OnednnTensor x, OnednnTensor labels, boolean training) {
        OnednnTensor xhat = normalize(x, training);
        OnednnTensor gamma = OnednnEmbedding.rows(context, labels, parameter("weight"), spec.classes(),
                spec.features());
        OnednnTensor beta = OnednnEmbedding.rows(context, labels, parameter("bias"), spec.classes(), spec.features());
        int planes = x.shape().dim(0) * x.shape().dim(1);
        int plane = x.shape().dim(2) * x.shape().dim(3);
        return context.compute(() -> {
            OnednnTensor y = context.newTensor(x.shape());
            FloatBuffer xs = xhat.floats();
            FloatBuffer gs = gamma.floats();
            FloatBuffer bs = beta.floats();
            FloatBuffer out = y.floats();
            HostLoops.inChunks(planes, (from, to) -> HostPlaneScaleShift.forward(xs, gs, bs, out, plane, from, to));
            return y;
        }, g -> {
            OnednnTensor dx = context.newTensor(x.shape());
            OnednnTensor dGamma = context.newTensor(gamma.shape());
            OnednnTensor dBeta = context.newTensor(gamma.shape());
            FloatBuffer ups = g.floats();
            FloatBuffer xs = xhat.floats();
            FloatBuffer gs = gamma.floats();
            FloatBuffer d = dx.floats();
            FloatBuffer dg = dGamma.floats();
            FloatBuffer db = dBeta.floats();
            HostLoops.inChunks(planes,
                    (from, to) -> HostPlaneScaleShift.backward(ups, xs, gs, d, dg, db, plane, from, to));
            return new OnednnTensor[] {dx, dGamma, dBeta};
        }, xhat, gamma, beta);
    }

    private OnednnTensor normalize(OnednnTensor x, boolean training) {
        Shape channels = Shape.of(spec.features());
        OnednnTensor ones = context.filled(channels, 1f);
        OnednnTensor zeros = context.filled(channels, 0f);
        OnednnTensor mean = context.newTensor(channels);
        OnednnTensor variance = context.newTensor(channels);
        if (!training) {
            PlainMemory.copy(buffer("running_mean").plainMemory(), mean.plainMemory(), spec.features());
            PlainMemory.copy(buffer("running_var").plainMemory(), variance.plainMemory(), spec.features());
        }
        BatchNormKernel.Output[] output = new BatchNormKernel.Output[1];
        return context.compute(() -> {
            output[0] = kernel.forward(training, false, x, ones, zeros, mean, variance);
            if (training) {
                OnednnBatchNorm2d.updateRunningStatistics(buffer("running_mean"), buffer("running_var"), mean,
                        variance, x.size() / spec.features(), spec.momentum());
            }
            return output[0].dst();
        }, g -> {
            OnednnTensor unusedGamma = context.newTensor(channels);
            OnednnTensor unusedBeta = context.newTensor(channels);
            return new OnednnTensor[] {kernel.backward(training, output[0], x, g, ones, mean, variance, unusedGamma,
                    unusedBeta)};
        }, x);
    }
}
