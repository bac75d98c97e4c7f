package dev.cgan.backend.nd4j;

import dev.cgan.api.layer.ConditionalBatchNorm2d;
import dev.cgan.api.spi.EngineConditionalLayer;
import dev.cgan.api.spi.HostPlaneScaleShift;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Conditional BatchNorm as three recorded steps: the normalisation without affine ({@link BatchNormSweeps} with unit
 * scale and zero shift in training, with {@link Nd4jBatchNorm2d}'s running-statistics update; the running statistics
 * in evaluation, gradient {@code g / sigma}), the class rows {@code gamma = y W} and {@code beta = y B}
 * ({@link Nd4jEmbedding#rows}), and the per-sample scale and shift of each channel plane ({@link HostPlaneScaleShift}), whose
 * backward gives {@code g * gamma} to the normalised input and the plane sums {@code sum(g * xhat)}, {@code sum(g)}
 * (in double) to gamma and beta.
 */
final class Nd4jConditionalBatchNorm2d extends EngineConditionalLayer<Nd4jTensor, Nd4jContext,
        ConditionalBatchNorm2d> {

    private static final int CHANNELS = 1;

    Nd4jConditionalBatchNorm2d(Nd4jContext context, ConditionalBatchNorm2d spec) {
        super(context, spec, spec.classes());
    }

    @Override
    protected Nd4jTensor compute(Nd4jTensor x, Nd4jTensor labels, boolean training) {
        Nd4jTensor xhat = normalize(x, training);
        Nd4jTensor gamma = Nd4jEmbedding.rows(context, labels, parameter("weight"));
        Nd4jTensor beta = Nd4jEmbedding.rows(context, labels, parameter("bias"));
        long[] shape = x.array().shape();
        int planes = Math.toIntExact(shape[0] * shape[1]);
        int plane = Math.toIntExact(shape[2] * shape[3]);
        return context.compute(() -> scaleShift(xhat.array(), gamma.array(), beta.array(), planes, plane),
                g -> scaleShiftBackward(g, xhat.array(), gamma.array(), planes, plane), xhat, gamma, beta);
    }

    private Nd4jTensor normalize(Nd4jTensor x, boolean training) {
        INDArray in = x.array();
        long features = spec.features();
        INDArray ones = Nd4j.ones(DataType.FLOAT, features);
        INDArray zeros = Nd4j.zeros(DataType.FLOAT, features);
        INDArray[] statistics = new INDArray[2];
        return context.compute(() -> {
            if (training) {
                INDArray[] out = BatchNormSweeps.forward(in, ones, zeros, spec.eps());
                statistics[0] = out[1];
                statistics[1] = out[2];
                Nd4jBatchNorm2d.updateRunningStatistics(buffer("running_mean").array(), buffer("running_var").array(),
                        statistics[0], statistics[1], in.length() / in.size(CHANNELS), spec.momentum());
                return out[0];
            }
            // The running statistics as they are now: a later training pass must not change this gradient.
            statistics[0] = buffer("running_mean").array().dup();
            statistics[1] = buffer("running_var").array().dup();
            INDArray inverseSigma = Transforms.pow(statistics[1].add(spec.eps()), -0.5, false);
            return Broadcast.mul(Broadcast.sub(in, statistics[0], in.ulike(), CHANNELS), inverseSigma, in.ulike(),
                    CHANNELS);
        }, g -> {
            if (training) {
                return new INDArray[] {BatchNormSweeps.backward(in, g, statistics[0], statistics[1], ones,
                        spec.eps())[0]};
            }
            INDArray inverseSigma = Transforms.pow(statistics[1].add(spec.eps()), -0.5, false);
            return new INDArray[] {Broadcast.mul(g, inverseSigma, g.ulike(), CHANNELS)};
        }, x);
    }

    private static INDArray scaleShift(INDArray xhat, INDArray gamma, INDArray beta, int planes, int plane) {
        FloatBuffer xs = DenseFloats.floats(xhat);
        FloatBuffer gs = DenseFloats.floats(gamma);
        FloatBuffer bs = DenseFloats.floats(beta);
        INDArray out = DenseFloats.newArray(xhat.shape());
        FloatBuffer o = DenseFloats.floats(out);
        DenseFloats.inChunks(planes, (from, to) -> HostPlaneScaleShift.forward(xs, gs, bs, o, plane, from, to));
        return out;
    }

    private static INDArray[] scaleShiftBackward(INDArray g, INDArray xhat, INDArray gamma, int planes, int plane) {
        FloatBuffer ups = DenseFloats.floats(g);
        FloatBuffer xs = DenseFloats.floats(xhat);
        FloatBuffer gs = DenseFloats.floats(gamma);
        INDArray dx = DenseFloats.newArray(xhat.shape());
        INDArray dGamma = DenseFloats.newArray(gamma.shape());
        INDArray dBeta = DenseFloats.newArray(gamma.shape());
        FloatBuffer d = DenseFloats.floats(dx);
        FloatBuffer dg = DenseFloats.floats(dGamma);
        FloatBuffer db = DenseFloats.floats(dBeta);
        DenseFloats.inChunks(planes,
                (from, to) -> HostPlaneScaleShift.backward(ups, xs, gs, d, dg, db, plane, from, to));
        return new INDArray[] {dx, dGamma, dBeta};
    }
}
