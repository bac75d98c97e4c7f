package dev.cgan.api.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cgan.api.layer.ConvTranspose2d;
import dev.cgan.api.layer.Linear;
import dev.cgan.api.layer.SpectralNorm;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The kit's spectral-norm arithmetic against facts that do not come from it: the power iteration converges to the
 * largest singular value of a matrix built with known ones, the gradient matches finite differences of
 * {@code sum(g * W / sigma(W))}, and a transposed convolution's weight is read through dimension 1.
 */
class HostSpectralNormTest {

    @Test
    void repeatedTrainingForwardsConvergeToTheLargestSingularValue() {
        // W = 3 e1 f2^T + 1 e2 f1^T + 0.5 e3 f3^T: singular values 3, 1, 0.5; Linear(3 -> 3) is W [3, 3].
        SpectralNorm spec = new SpectralNorm(new Linear(3, 3, false));
        float[] w = {0, 3, 0, 1, 0, 0, 0, 0, 0.5f};
        float[] u = {0.6f, 0.6f, 0.52915026f};
        float[] v = {0.6f, 0.6f, 0.52915026f};
        HostSpectralNorm.Estimate e = null;
        for (int i = 0; i < 30; i++) {
            e = HostSpectralNorm.estimate(spec, w, u, v, true);
        }
        assertEquals(3.0, e.sigma(), 1e-6);
        assertEquals(1.0, Math.abs(u[0]), 1e-6);
        assertEquals(1.0, Math.abs(v[1]), 1e-6);
        float[] before = u.clone();
        HostSpectralNorm.estimate(spec, w, u, v, false);
        assertArrayEquals(before, u, "evaluation does not iterate");
    }

    @Test
    void weightGradientMatchesFiniteDifferencesWithUAndVHeld() {
        SpectralNorm spec = new SpectralNorm(new ConvTranspose2d(2, 3, 2, 1, 0, false));
        Random random = new Random(7);
        float[] w = new float[spec.weightShape().sizeAsInt()];
        float[] g = new float[w.length];
        for (int k = 0; k < w.length; k++) {
            w[k] = (float) random.nextGaussian();
            g[k] = (float) random.nextGaussian();
        }
        float[] u = spec.initialVector("weight_u");
        float[] v = spec.initialVector("weight_v");
        HostSpectralNorm.Estimate e = HostSpectralNorm.estimate(spec, w, u, v, true);
        float[] gradient = HostSpectralNorm.weightGradient(spec, g, w, e);
        double h = 1e-3;
        for (int k = 0; k < w.length; k++) {
            float[] plus = w.clone();
            float[] minus = w.clone();
            plus[k] += (float) h;
            minus[k] -= (float) h;
            double numeric = (objective(spec, plus, g, u, v) - objective(spec, minus, g, u, v)) / (plus[k] - minus[k]);
            assertEquals(numeric, gradient[k], 2e-3 * Math.max(1, Math.abs(numeric)), "element " + k);
        }
    }

    @Test
    void transposedConvolutionRowsAreItsOutputChannels() {
        // weight [in 2, out 3, 1, 1]: the matrix [out, in] is its transpose; u = e_out, v = e_in pick one entry.
        SpectralNorm spec = new SpectralNorm(new ConvTranspose2d(2, 3, 1, 1, 0, false));
        float[] w = {1, 2, 3, 4, 5, 6}; // w[i][o] = 3 i + o + 1
        float[] u = {0, 0, 1};
        float[] v = {1, 0};
        assertEquals(3.0, HostSpectralNorm.estimate(spec, w, u, v, false).sigma(), 0.0);
        v = new float[] {0, 1};
        assertEquals(6.0, HostSpectralNorm.estimate(spec, w, u, v, false).sigma(), 0.0);
    }

    /** {@code sum(g * W / sigma(W))} with u and v held: the quantity whose gradient the kit computes. */
    private static double objective(SpectralNorm spec, float[] w, float[] g, float[] u, float[] v) {
        HostSpectralNorm.Estimate e = HostSpectralNorm.estimate(spec, w, u.clone(), v.clone(), false);
        double s = 0;
        for (int k = 0; k < w.length; k++) {
            s += g[k] * (double) w[k] / e.sigma();
        }
        return s;
    }
}
