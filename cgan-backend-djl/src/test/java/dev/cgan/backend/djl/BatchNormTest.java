package dev.cgan.backend.djl;

import static dev.cgan.backend.djl.Fixtures.assertClose;

import dev.cgan.api.autograd.GradientTape;
import dev.cgan.api.layer.BatchNorm2d;
import dev.cgan.api.layer.Layer;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * BatchNorm2d with PyTorch's semantics, against statistics computed here in double precision: biased variance to
 * normalise, running statistics with momentum as the weight of the new batch and the unbiased variance, running
 * statistics (unchanged) in evaluation. Tolerance 1e-5 absolute and relative.
 */
class BatchNormTest extends SharedCpuContext {

    private static final int N = 3;
    private static final int C = 2;
    private static final int H = 2;
    private static final int W = 3;
    private static final int M = N * H * W;

    @Test
    void trainingNormalisesWithBatchStatisticsAndUpdatesRunningOnes() {
        Layer bn = context.layer(new BatchNorm2d(C));
        float[] gamma = {1.5f, -0.5f};
        float[] beta = {0.25f, 2f};
        bn.parameters().get("weight").copyFrom(gamma);
        bn.parameters().get("bias").copyFrom(beta);
        float[] x1 = Fixtures.uniform(new SplittableRandom(1), N * C * H * W, -2, 3);
        float[] x2 = Fixtures.uniform(new SplittableRandom(2), N * C * H * W, -1, 1);

        Tensor y = bn.forward(context.tensor(x1, Shape.of(N, C, H, W)), true);
        assertClose("output", normalised(x1, mean(x1), biasedVar(x1), gamma, beta, 1e-5), y.toFloatArray(),
                1e-5, 1e-5);
        double[] runningMean = new double[C];
        double[] runningVar = {1, 1};
        update(runningMean, runningVar, x1, 0.1);
        bn.forward(context.tensor(x2, Shape.of(N, C, H, W)), true);
        update(runningMean, runningVar, x2, 0.1);
        assertClose("running_mean", runningMean, bn.buffers().get("running_mean").toFloatArray(), 1e-6, 1e-5);
        assertClose("running_var", runningVar, bn.buffers().get("running_var").toFloatArray(), 1e-6, 1e-5);

        // evaluation: running statistics, nothing updated
        Tensor e = bn.forward(context.tensor(x1, Shape.of(N, C, H, W)), false);
        assertClose("eval output", normalised(x1, runningMean, runningVar, gamma, beta, 1e-5), e.toFloatArray(),
                1e-5, 1e-5);
        assertClose("running_mean after eval", runningMean, bn.buffers().get("running_mean").toFloatArray(), 1e-6,
                1e-5);
    }

    @Test
    void honoursMomentumAndEps() {
        Layer bn = context.layer(new BatchNorm2d(C, 0.3, 1e-3));
        float[] x = Fixtures.uniform(new SplittableRandom(3), N * C * H * W, 0, 4);
        Tensor y = bn.forward(context.tensor(x, Shape.of(N, C, H, W)), true);
        assertClose("output", normalised(x, mean(x), biasedVar(x), new float[] {1, 1}, new float[] {0, 0}, 1e-3),
                y.toFloatArray(), 1e-5, 1e-5);
        double[] runningMean = new double[C];
        double[] runningVar = {1, 1};
        update(runningMean, runningVar, x, 0.3);
        assertClose("running_var", runningVar, bn.buffers().get("running_var").toFloatArray(), 1e-6, 1e-5);
    }

    @Test
    void backPropagatesToInputAndAffineParameters() {
        Layer bn = context.layer(new BatchNorm2d(C));
        float[] x = Fixtures.uniform(new SplittableRandom(4), N * C * H * W, -1, 1);
        float[] g = Fixtures.uniform(new SplittableRandom(5), N * C * H * W, -1, 1);
        Tensor input = context.tensor(x, Shape.of(N, C, H, W)).requireGrad();
        try (GradientTape tape = context.record()) {
            Tensor y = bn.forward(input, true);
            tape.backward(context.ops().dot(y, context.tensor(g, Shape.of(N, C, H, W))));
        }
        // With gamma = 1: dx = (g - mean(g) - x̂ · mean(g · x̂)) / σ; dβ = Σ g; dγ = Σ g · x̂
        double[] mu = mean(x);
        double[] var = biasedVar(x);
        double[] dx = new double[x.length];
        double[] dGamma = new double[C];
        double[] dBeta = new double[C];
        for (int c = 0; c < C; c++) {
            double sigma = Math.sqrt(var[c] + 1e-5);
            double meanG = 0;
            double meanGx = 0;
            for (int i : indices(c)) {
                double xh = (x[i] - mu[c]) / sigma;
                meanG += g[i] / M;
                meanGx += g[i] * xh / M;
                dGamma[c] += g[i] * xh;
                dBeta[c] += g[i];
            }
            for (int i : indices(c)) {
                double xh = (x[i] - mu[c]) / sigma;
                dx[i] = (g[i] - meanG - xh * meanGx) / sigma;
            }
        }
        assertClose("input gradient", dx, input.grad().toFloatArray(), 1e-5, 1e-4);
        assertClose("weight gradient", dGamma, bn.parameters().get("weight").grad().toFloatArray(), 1e-5, 1e-4);
        assertClose("bias gradient", dBeta, bn.parameters().get("bias").grad().toFloatArray(), 1e-5, 1e-4);
    }

    private static int[] indices(int c) {
        int[] out = new int[M];
        int k = 0;
        for (int n = 0; n < N; n++) {
            for (int hw = 0; hw < H * W; hw++) {
                out[k++] = (n * C + c) * H * W + hw;
            }
        }
        return out;
    }

    private static double[] mean(float[] x) {
        double[] m = new double[C];
        for (int c = 0; c < C; c++) {
            for (int i : indices(c)) {
                m[c] += x[i] / (double) M;
            }
        }
        return m;
    }

    private static double[] biasedVar(float[] x) {
        double[] m = mean(x);
        double[] v = new double[C];
        for (int c = 0; c < C; c++) {
            for (int i : indices(c)) {
                v[c] += (x[i] - m[c]) * (x[i] - m[c]) / M;
            }
        }
        return v;
    }

    private static void update(double[] runningMean, double[] runningVar, float[] x, double momentum) {
        double[] m = mean(x);
        double[] v = biasedVar(x);
        for (int c = 0; c < C; c++) {
            runningMean[c] = (1 - momentum) * runningMean[c] + momentum * m[c];
            runningVar[c] = (1 - momentum) * runningVar[c] + momentum * v[c] * M / (M - 1);
        }
    }

    private static double[] normalised(float[] x, double[] mean, double[] var, float[] gamma, float[] beta,
                                       double eps) {
        double[] y = new double[x.length];
        for (int c = 0; c < C; c++) {
            for (int i : indices(c)) {
                y[i] = (x[i] - mean[c]) / Math.sqrt(var[c] + eps) * gamma[c] + beta[c];
            }
        }
        return y;
    }
}
