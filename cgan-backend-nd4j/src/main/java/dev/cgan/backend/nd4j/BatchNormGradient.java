package dev.cgan.backend.nd4j;

import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * BatchNorm2d's training-mode backward pass in two sweeps over each channel, instead of a dozen whole-map ND4J
 * operations (broadcasts along the channel axis of an NCHW array are slow in libnd4j): the first sweep sums
 * {@code g} and {@code g * (x - mean)} (in double), the second writes
 * {@code dx = gamma / sigma * (g - mean(g) - (x - mean) / sigma^2 * mean(g * (x - mean)))}. Channels are split across
 * threads; each reads and writes only its own channel, so the result does not depend on the thread count.
 */
final class BatchNormGradient {

    private BatchNormGradient() {
    }

    /**
     * {@code [dx, dgamma, dbeta]} for input {@code x} and upstream gradient {@code g} ({@code [N, C, H, W]}),
     * normalised with the batch's {@code mean} and biased {@code variance}.
     */
    static INDArray[] training(INDArray x, INDArray g, INDArray mean, INDArray variance, INDArray gamma,
                               double eps) {
        long[] shape = x.shape();
        int n = Math.toIntExact(shape[0]);
        int channels = Math.toIntExact(shape[1]);
        int plane = Math.toIntExact(x.length() / ((long) n * channels));
        float[] xs = dense(x);
        float[] gs = dense(g);
        float[] means = dense(mean);
        float[] variances = dense(variance);
        float[] gammas = dense(gamma);
        float[] dx = new float[xs.length];
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
                    float gv = gs[i];
                    sumG += gv;
                    sumGCentred += gv * (double) (xs[i] - m);
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
                    dx[i] = (gs[i] - meanG - (xs[i] - m) * correction) * scale;
                }
            }
        });
        return new INDArray[] {
            Nd4j.create(dx, shape, 'c'),
            Nd4j.create(dGamma, mean.shape(), 'c'),
            Nd4j.create(dBeta, mean.shape(), 'c')
        };
    }

    /** The values of {@code a} in row-major order, as a new heap array. */
    private static float[] dense(INDArray a) {
        INDArray c = a.dataType() == DataType.FLOAT && a.ordering() == 'c' && !a.isView()
                && a.data().length() == a.length() ? a : a.castTo(DataType.FLOAT).dup('c');
        return c.data().asFloat();
    }
}
