package dev.cgan.backend.onednn;

import dev.cgan.api.layer.BatchNorm2d;
import dev.cgan.api.spi.EngineLayer;
import dev.cgan.api.tensor.Shape;
import java.nio.FloatBuffer;

/**
 * {@code nn.BatchNorm2d} on oneDNN's batch normalisation. Training mode normalises with the batch mean and biased
 * variance (oneDNN computes and returns both) and then updates the running statistics in place with PyTorch's
 * momentum, using the <em>unbiased</em> variance {@code n / (n - 1)} for {@code running_var}; evaluation mode
 * normalises with the running statistics. Backward is oneDNN's, with the statistics the forward pass used (a copy of
 * the running ones in evaluation mode, so a later update cannot change them).
 */
final class OnednnBatchNorm2d extends EngineLayer<OnednnTensor, OnednnContext, BatchNorm2d> {

    private final BatchNormKernel kernel;

    OnednnBatchNorm2d(OnednnContext context, BatchNorm2d spec) {
        super(context, spec);
        this.kernel = new BatchNormKernel(context, spec.eps());
    }

    @Override
    protected OnednnTensor compute(OnednnTensor x, boolean training) {
        return normalise(x, training, false);
    }

    /** Followed by ReLU (zero slope): oneDNN's batch normalisation with the ReLU fused ({@code fuse_norm_relu}). */
    @Override
    protected OnednnTensor computeFused(EngineLayer<?, ?, ?> next, OnednnTensor x, boolean training) {
        return next instanceof OnednnActivation activation && activation.kernel().isPlainRelu()
                ? normalise(x, training, true)
                : null;
    }

    /** The layer's output, or with {@code relu} that of ReLU after it, as one step on the tape. */
    private OnednnTensor normalise(OnednnTensor x, boolean training, boolean relu) {
        OnednnTensor gamma = parameter("weight");
        OnednnTensor beta = parameter("bias");
        Shape channels = Shape.of(spec.features());
        OnednnTensor mean = context.newTensor(channels);
        OnednnTensor variance = context.newTensor(channels);
        if (!training) {
            PlainMemory.copy(buffer("running_mean").plainMemory(), mean.plainMemory(), spec.features());
            PlainMemory.copy(buffer("running_var").plainMemory(), variance.plainMemory(), spec.features());
        }
        BatchNormKernel.Output[] output = new BatchNormKernel.Output[1];
        return context.compute(() -> {
            output[0] = kernel.forward(training, relu, x, gamma, beta, mean, variance);
            if (training) {
                updateRunningStatistics(buffer("running_mean"), buffer("running_var"), mean, variance,
                        x.size() / spec.features(), spec.momentum());
            }
            return output[0].dst();
        }, g -> {
            OnednnTensor dGamma = context.newTensor(channels);
            OnednnTensor dBeta = context.newTensor(channels);
            OnednnTensor dx = kernel.backward(training, output[0], x, g, gamma, mean, variance, dGamma, dBeta);
            return new OnednnTensor[] {dx, dGamma, dBeta};
        }, x, gamma, beta);
    }

    /** {@code running = (1 - m) * running + m * batch}, the unbiased factor folded into the
     * variance's weight. */
    static void updateRunningStatistics(OnednnTensor runningMeanTensor, OnednnTensor runningVarTensor,
                                        OnednnTensor mean, OnednnTensor biasedVariance, int perChannel,
                                        double momentum) {
        float m = (float) momentum;
        float keep = (float) (1 - momentum);
        double unbiased = perChannel > 1 ? (double) perChannel / (perChannel - 1) : 1.0;
        float varianceWeight = (float) (unbiased * momentum);
        FloatBuffer runningMean = runningMeanTensor.floats();
        FloatBuffer runningVar = runningVarTensor.floats();
        FloatBuffer batchMean = mean.floats();
        FloatBuffer batchVar = biasedVariance.floats();
        for (int c = 0; c < mean.size(); c++) {
            runningMean.put(c, runningMean.get(c) * keep + batchMean.get(c) * m);
            runningVar.put(c, runningVar.get(c) * keep + batchVar.get(c) * varianceWeight);
        }
    }
}
