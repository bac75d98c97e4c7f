package dev.cgan.backend.nd4j;

import java.nio.FloatBuffer;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * BatchNorm2d in training mode as a few sweeps over each channel of an NCHW array, written in Java, instead of a dozen
 * whole-map ND4J operations (reductions and broadcasts along the channel axis of an NCHW array are slow in libnd4j,
 * and their pool of threads slows the convolutions that follow). Sums are taken in double. Channels are split across
 * threads; each reads and writes only its own channel, so results do not depend on the thread count.
 */
final class BatchNormSweeps {

    private BatchNormSweeps() {
    }

    /**
     * {@code [y, mean, biasedVariance]} for input {@code x} ({@code [N, C, H, W]}): the batch statistics per channel
     * (mean first, then the mean squared deviation from it) and {@code y = (x - mean) / sqrt(var + eps) * gamma + beta}.
     */
    static INDArray[] forward(INDArray x, INDArray gamma, INDArray beta, double eps) {
        long[] shape = x.shape();
        int n = Math.toIntExact(shape[0]);
        int channels = Math.toIntExact(shape[1]);
        int plane = Math.toIntExact(x.length() / ((long) n * channels));
        FloatBuffer xs = DenseFloats.floats(x);
        float[] gammas = DenseFloats.dense(gamma);
        float[] betas = DenseFloats.dense(beta);
        INDArray out = DenseFloats.newArray(shape);
        FloatBuffer y = DenseFloats.floats(out);
        float[] means = new float[channels];
        float[] variances = new float[channels];
        double count = (double) n * plane;
        IntStream.range(0, channels).parallel().forEach(c -> {
            double sum = 0;
            for (int b = 0; b < n; b++) {
                int base = (b * channels + c) * plane;
                for (int i = base; i < base + plane; i++) {
                    sum += xs.get(i);
                }
            }
            float m = (float) (sum / count);
            double squares = 0;
            for (int b = 0; b < n; b++) {
                int base = (b * channels + c) * plane;
                for (int i = base; i < base + plane; i++) {
                    double d = xs.get(i) - m;
                    squares += d * d;
                }
            }
            float v = (float) (squares / count);
            means[c] = m;
            variances[c] = v;
            float inverseSigma = (float) (1.0 / Math.sqrt(v + eps));
            float scale = gammas[c] * inverseSigma;
            float shift = betas[c];
            for (int b = 0; b < n; b++) {
                int base = (b * channels + c) * plane;
                for (int i = base; i < base + plane; i++) {
                    y.put(i, (xs.get(i) - m) * scale + shift);
                }
            }
        });
        long[] vector = gamma.shape();
        return new INDArray[] {
            out,
            Nd4j.create(means, vector, 'c'),
            Nd4j.create(variances, vector, 'c')
        };
    }

    /**
     * {@code [dx, dgamma, dbeta]} for input {@code x} and upstream gradient {@code g} ({@code [N, C, H, W]}),
     * normalised with the batch's {@code mean} and biased {@code variance}.
     */
    static INDArray[] backward(INDArray x, INDArray g, INDArray mean, INDArray variance, INDArray gamma,
                               double eps) {
        long[] shape = x.shape();
        int n = Math.toIntExact(shape[0]);
        int channels = Math.toIntExact(shape[1]);
        int plane = Math.toIntExact(x.length() / ((long) n * channels));
        FloatBuffer xs = DenseFloats.floats(x);
        FloatBuffer gs = DenseFloats.floats(g);
        float[] means = DenseFloats.dense(mean);
        float[] variances = DenseFloats.dense(variance);
        float[] gammas = DenseFloats.dense(gamma);
        INDArray gradInput = DenseFloats.newArray(shape);
        FloatBuffer dx = DenseFloats.floats(gradInput);
        float[] dGamma = new float[channels];
        float[] dBeta = new float[channels];
        double count = (double) n * plane;
        IntStream.range(0, channels).parallel().forEach(c -> {
            float m = means[c];
            // 1 / sqrt(var + eps) in float, as the forward pass normalises.
            float inverseSigma = (float) (1.0 / Math.sqrt(variances[c] + eps));
            double sumG = 0;
            double sumGCentred = 0;
            for (int b = 0; b < n; b++) {
                int base = (b * channels + c) * plane;
                for (int i = base; i < base + plane; i++) {
                    float gv = gs.get(i);
                    sumG += gv;
                    sumGCentred += gv * (double) (xs.get(i) - m);
                }
            }
            dBeta[c] = (float) sumG;
            dGamma[c] = (float) (sumGCentred * inverseSigma);
            float meanG = (float) (sumG / count);
            float correction = (float) (sumGCentred * inverseSigma * inverseSigma / count);
            float scale = gammas[c] * inverseSigma;
            for (int b = 0; b < n; b++) {
                int base = (b * channels + c) * plane;
                for (int i = base; i < base + plane; i++) {
                    dx.put(i, (gs.get(i) - meanG - (xs.get(i) - m) * correction) * scale);
                }
            }
        });
        return new INDArray[] {
            gradInput,
            Nd4j.create(dGamma, mean.shape(), 'c'),
            Nd4j.create(dBeta, mean.shape(), 'c')
        };
    }
}
