package dev.cgan.api.spi;

import dev.cgan.api.layer.SpectralNorm;
import dev.cgan.api.tensor.Tensor;

/**
 * {@link SpectralNorm}'s arithmetic on host arrays, in double precision, for engines that can read a weight into Java
 * (nd4j and onednn hold it there; jcuda copies it, a few megabytes at most, once per forward): the power iteration,
 * {@code sigma}, the normalised weight and the gradient of {@code weight_orig} with {@code sigma}'s correction. The
 * weight stays in its own layout ({@code [out, in, k, k]}, {@code [in, out, k, k]} for a transposed convolution,
 * {@code [out, in]}); the matrix view of the spec ({@code dim} moved to the front) is only an indexing of it.
 *
 * <p>An engine's layer calls {@link #estimate} in its forward (which, in training, writes the iterated {@code u} and
 * {@code v} into the arrays it gets, for the engine to store in its buffers), computes with
 * {@link #normalized}, and records {@link #weightGradient} as the normalised weight's backward.
 */
public final class HostSpectralNorm {

    private HostSpectralNorm() {
    }

    /**
     * What one forward used: {@code sigma} and the vectors {@code u}, {@code v} it came from (the gradient treats them
     * as constants).
     */
    public record Estimate(double sigma, double[] u, double[] v) {
    }

    /**
     * {@code sigma = u . (M v)} for the weight {@code weight} (row-major, {@code weight_orig}'s shape) and the buffers'
     * values {@code u} and {@code v}. When {@code training}, one power iteration comes first,
     * {@code v = normalize(M^T u)}, {@code u = normalize(M v)}, and its results are written back into {@code u} and
     * {@code v} (rounded to float32, as the buffers hold them).
     */
    public static Estimate estimate(SpectralNorm spec, float[] weight, float[] u, float[] v, boolean training) {
        MatrixView m = new MatrixView(spec, weight.length);
        double[] du = toDouble(u);
        double[] dv = toDouble(v);
        if (training) {
            dv = normalize(m.transposedTimes(weight, du));
            du = normalize(m.times(weight, dv));
            for (int i = 0; i < du.length; i++) {
                u[i] = (float) du[i];
            }
            for (int j = 0; j < dv.length; j++) {
                v[j] = (float) dv[j];
            }
        }
        double[] mv = m.times(weight, dv);
        double sigma = 0;
        for (int i = 0; i < du.length; i++) {
            sigma += du[i] * mv[i];
        }
        return new Estimate(sigma, du, dv);
    }

    /**
     * {@link #estimate(SpectralNorm, float[], float[], float[], boolean)} on the layer's buffers {@code weight_u} and
     * {@code weight_v} themselves: reads them, and when {@code training} writes the power iteration's vectors back.
     */
    public static Estimate estimate(SpectralNorm spec, float[] weight, Tensor u, Tensor v, boolean training) {
        float[] uValues = u.toFloatArray();
        float[] vValues = v.toFloatArray();
        Estimate estimate = estimate(spec, weight, uValues, vValues, training);
        if (training) {
            u.copyFrom(uValues);
            v.copyFrom(vValues);
        }
        return estimate;
    }

    /** {@code weight / sigma}, element by element, in the weight's layout. */
    public static float[] normalized(float[] weight, Estimate estimate) {
        float[] out = new float[weight.length];
        for (int k = 0; k < weight.length; k++) {
            out[k] = (float) (weight[k] / estimate.sigma());
        }
        return out;
    }

    /**
     * The gradient of {@code weight_orig} from the gradient {@code g} of the normalised weight (both in the weight's
     * layout): {@code g / sigma - (sum(g * weight) / sigma^2) u v^T}, the second term {@code sigma}'s own dependence
     * on the weight ({@code d sigma / d M = u v^T} for constant {@code u}, {@code v}).
     */
    public static float[] weightGradient(SpectralNorm spec, float[] g, float[] weight, Estimate estimate) {
        MatrixView m = new MatrixView(spec, weight.length);
        double sigma = estimate.sigma();
        double gw = 0;
        for (int k = 0; k < weight.length; k++) {
            gw += (double) g[k] * weight[k];
        }
        double correction = gw / (sigma * sigma);
        float[] out = new float[weight.length];
        for (int k = 0; k < weight.length; k++) {
            out[k] = (float) (g[k] / sigma - correction * estimate.u()[m.row(k)] * estimate.v()[m.column(k)]);
        }
        return out;
    }

    private static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    /** {@code a / max(||a||, eps)}, PyTorch's {@code F.normalize(a, dim=0, eps=1e-12)}. */
    private static double[] normalize(double[] a) {
        double norm = 0;
        for (double x : a) {
            norm += x * x;
        }
        double divisor = Math.max(Math.sqrt(norm), SpectralNorm.EPS);
        for (int i = 0; i < a.length; i++) {
            a[i] /= divisor;
        }
        return a;
    }

    /**
     * Where each element of the weight sits in the matrix view: for {@code dim = 0} element {@code k} is
     * {@code (k / width, k % width)}; for {@code dim = 1} on {@code [d0, d1, rest...]} it is row {@code i1} and column
     * {@code i0 * rest + s} (PyTorch's {@code permute(1, 0, 2, ...)} then {@code reshape(d1, -1)}).
     */
    private static final class MatrixView {
        private final int height;
        private final int width;
        private final boolean second;
        private final int rest;

        MatrixView(SpectralNorm spec, int size) {
            if (size != spec.weightShape().sizeAsInt()) {
                throw new IllegalArgumentException("SpectralNorm weight of " + size + " values, expected "
                        + spec.weightShape());
            }
            this.height = spec.height();
            this.width = spec.width();
            this.second = spec.dim() == 1;
            this.rest = second ? size / (spec.weightShape().dim(0) * height) : 0;
        }

        int row(int k) {
            return second ? (k / rest) % height : k / width;
        }

        int column(int k) {
            return second ? (k / (rest * height)) * rest + k % rest : k % width;
        }

        /** {@code M x} for {@code x [width]}. */
        double[] times(float[] weight, double[] x) {
            double[] out = new double[height];
            for (int k = 0; k < weight.length; k++) {
                out[row(k)] += weight[k] * x[column(k)];
            }
            return out;
        }

        /** {@code M^T y} for {@code y [height]}. */
        double[] transposedTimes(float[] weight, double[] y) {
            double[] out = new double[width];
            for (int k = 0; k < weight.length; k++) {
                out[column(k)] += weight[k] * y[row(k)];
            }
            return out;
        }
    }
}
