package dev.cgan.api.spi;

import java.nio.FloatBuffer;

/**
 * The per-sample scale and shift of conditional BatchNorm on float32 values in host memory, for engines that keep
 * tensors where Java can read them (nd4j, onednn): each channel plane {@code p} of the normalised input (planes of
 * {@code plane} values, {@code N * C} of them, row-major) is multiplied by {@code gamma[p]} and shifted by
 * {@code beta[p]}. The backward pass gives {@code g * gamma[p]} to the normalised input and the plane sums
 * {@code sum(g * xhat)} and {@code sum(g)}, accumulated in double, to gamma and beta. Both work on a range of planes,
 * so an engine can split the planes across its threads.
 */
public final class HostPlaneScaleShift {

    private HostPlaneScaleShift() {
    }

    /** {@code out = xhat * gamma[p] + beta[p]} for planes {@code from} (inclusive) to {@code to}. */
    public static void forward(FloatBuffer xhat, FloatBuffer gamma, FloatBuffer beta, FloatBuffer out, int plane,
                               int from, int to) {
        for (int p = from; p < to; p++) {
            float scale = gamma.get(p);
            float shift = beta.get(p);
            for (int s = p * plane; s < (p + 1) * plane; s++) {
                out.put(s, xhat.get(s) * scale + shift);
            }
        }
    }

    /**
     * The gradients of planes {@code from} (inclusive) to {@code to} from the output's gradient {@code g}: into
     * {@code dxhat} (per value), {@code dGamma} and {@code dBeta} (per plane).
     */
    public static void backward(FloatBuffer g, FloatBuffer xhat, FloatBuffer gamma, FloatBuffer dxhat,
                                FloatBuffer dGamma, FloatBuffer dBeta, int plane, int from, int to) {
        for (int p = from; p < to; p++) {
            float scale = gamma.get(p);
            double sumGx = 0;
            double sumG = 0;
            for (int s = p * plane; s < (p + 1) * plane; s++) {
                float up = g.get(s);
                dxhat.put(s, up * scale);
                sumGx += (double) up * xhat.get(s);
                sumG += up;
            }
            dGamma.put(p, (float) sumGx);
            dBeta.put(p, (float) sumG);
        }
    }
}
