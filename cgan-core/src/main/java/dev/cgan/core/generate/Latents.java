package dev.cgan.core.generate;

import dev.cgan.core.init.SeededRandom;

/**
 * The generator's inputs for generating on demand: noise drawn from a seed, one-hot labels, and paths between two of
 * either for interpolation.
 */
public final class Latents {

    private Latents() {
    }

    /** {@code count} standard-normal noise vectors of {@code zDim}, the same for the same seed on every backend. */
    public static float[] noise(long seed, int count, int zDim) {
        float[] z = new float[count * zDim];
        new SeededRandom(seed).fillGaussian(z, 0.0, 1.0);
        return z;
    }

    /** The one-hot vector of {@code label} among {@code classes}. */
    public static float[] oneHot(int label, int classes) {
        float[] y = new float[classes];
        y[label] = 1f;
        return y;
    }

    /** The straight line between the one-hot labels {@code a} and {@code b}: weight {@code 1 - t} on a, t on b. */
    public static float[] labelMix(int a, int b, double t, int classes) {
        float[] y = new float[classes];
        y[a] += (float) (1 - t);
        y[b] += (float) t;
        return y;
    }

    /**
     * Spherical interpolation between two noise vectors: a Gaussian vector's length concentrates near sqrt(zDim), and
     * a straight line between two of them passes through shorter vectors the generator never saw; the great-circle
     * path keeps the length typical. Falls back to a straight line for (nearly) parallel vectors.
     */
    public static float[] slerp(float[] a, float[] b, double t) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        double cos = dot / Math.sqrt(na * nb);
        double omega = Math.acos(Math.max(-1, Math.min(1, cos)));
        float[] out = new float[a.length];
        if (Math.abs(Math.sin(omega)) < 1e-6) {
            for (int i = 0; i < a.length; i++) {
                out[i] = (float) ((1 - t) * a[i] + t * b[i]);
            }
            return out;
        }
        double wa = Math.sin((1 - t) * omega) / Math.sin(omega);
        double wb = Math.sin(t * omega) / Math.sin(omega);
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) (wa * a[i] + wb * b[i]);
        }
        return out;
    }
}
