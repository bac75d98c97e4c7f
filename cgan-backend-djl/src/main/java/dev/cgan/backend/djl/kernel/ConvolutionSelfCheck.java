package dev.cgan.backend.djl.kernel;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * Checks a CPU convolution — output, input gradient and weight gradient — against the definition on a few small
 * problems. libtorch runs convolutions through oneDNN, whose JIT kernels for AVX, AVX2 and AVX-512 were measured
 * to return wrong outputs and input gradients on some virtual machines (whatever the thread count) while its SSE4.1
 * kernels were exact; a model trained there would silently learn from wrong gradients. The check takes a few
 * milliseconds.
 */
public final class ConvolutionSelfCheck {

    /** (n, in, out, size, kernel, stride, padding): shapes that exposed the fault, incl. a DCGAN-like layer. */
    private static final int[][] PROBLEMS = {
        {2, 1, 1, 3, 2, 1, 0},
        {2, 3, 2, 5, 4, 1, 1},
        {2, 35, 17, 8, 4, 2, 1},
        {2, 35, 2, 16, 5, 2, 2},
    };
    private static final double TOLERANCE = 1e-3;

    private ConvolutionSelfCheck() {
    }

    /**
     * Checks {@code convolution} with arrays from {@code manager} (a CPU manager).
     *
     * @return null when every result matches, else what was wrong
     */
    public static String run(NDManager manager, Convolution convolution) {
        SplittableRandom random = new SplittableRandom(20240611L);
        for (int[] problem : PROBLEMS) {
            String failure = check(manager, convolution, random, problem);
            if (failure != null) {
                return failure;
            }
        }
        return null;
    }

    private static String check(NDManager manager, Convolution convolution, SplittableRandom random,
                                int[] problem) {
        int n = problem[0];
        int in = problem[1];
        int out = problem[2];
        int size = problem[3];
        int kernel = problem[4];
        int stride = problem[5];
        int padding = problem[6];
        int outSize = (size + 2 * padding - kernel) / stride + 1;
        float[] x = uniform(random, n * in * size * size);
        float[] w = uniform(random, out * in * kernel * kernel);
        float[] g = uniform(random, n * out * outSize * outSize);

        double[] y = new double[g.length];
        double[] dx = new double[x.length];
        double[] dw = new double[w.length];
        for (int b = 0; b < n; b++) {
            for (int co = 0; co < out; co++) {
                for (int i = 0; i < outSize; i++) {
                    for (int j = 0; j < outSize; j++) {
                        int yi = ((b * out + co) * outSize + i) * outSize + j;
                        for (int ci = 0; ci < in; ci++) {
                            for (int u = 0; u < kernel; u++) {
                                int row = i * stride - padding + u;
                                if (row < 0 || row >= size) {
                                    continue;
                                }
                                for (int v = 0; v < kernel; v++) {
                                    int col = j * stride - padding + v;
                                    if (col < 0 || col >= size) {
                                        continue;
                                    }
                                    int xi = ((b * in + ci) * size + row) * size + col;
                                    int wi = ((co * in + ci) * kernel + u) * kernel + v;
                                    y[yi] += (double) x[xi] * w[wi];
                                    dx[xi] += (double) g[yi] * w[wi];
                                    dw[wi] += (double) g[yi] * x[xi];
                                }
                            }
                        }
                    }
                }
            }
        }

        String where = "conv2d n" + n + " " + in + "->" + out + " " + size + "x" + size + " k" + kernel + " s"
                + stride + " p" + padding;
        try (NDScope scope = new NDScope()) {
            float[][] results = forwardAndBackward(manager, convolution, x, new Shape(n, in, size, size), w,
                    new Shape(out, in, kernel, kernel), g, stride, padding);
            return compareAll(where, new double[][] {y, dx, dw}, results);
        }
    }

    /**
     * Runs {@code candidate} and {@code reference} on the same data of one shape and compares their output, input
     * gradient and weight gradient (tolerance as in {@link #run}). The data are generated and compared in the engine,
     * without the global random generator and without copying the (possibly large) arrays to the host.
     *
     * @return null when every result matches, else what differed
     */
    static String agree(NDManager manager, Convolution candidate, Convolution reference, Shape input, Shape weight,
                        int stride, int padding) {
        long outH = Math.floorDiv(input.get(2) + 2L * padding - weight.get(2), stride) + 1;
        long outW = Math.floorDiv(input.get(3) + 2L * padding - weight.get(3), stride) + 1;
        Shape output = new Shape(input.get(0), weight.get(0), outH, outW);
        String where = "conv2d " + input + " * " + weight + " s" + stride + " p" + padding;
        try (NDScope scope = new NDScope()) {
            NDArray x = scrambled(manager, input, 0.7548776662466927);
            NDArray w = scrambled(manager, weight, 0.5698402909980532);
            NDArray g = scrambled(manager, output, 0.8191725133961645);
            NDArray[] expected = forwardAndBackward(reference, x, w, g, stride, padding);
            NDArray[] actual;
            try {
                actual = forwardAndBackward(candidate, x, w, g, stride, padding);
            } catch (RuntimeException e) {
                return where + " fails: " + e.getMessage();
            }
            String[] what = {" output", " input gradient", " weight gradient"};
            for (int i = 0; i < 3; i++) {
                if (!expected[i].getShape().equals(actual[i].getShape())) {
                    return where + what[i] + " has shape " + actual[i].getShape() + " instead of "
                            + expected[i].getShape();
                }
                double scale = Math.max(1, expected[i].abs().max().getFloat());
                double error = actual[i].sub(expected[i]).abs().max().getFloat();
                if (!(error <= TOLERANCE * scale)) {
                    return where + what[i] + " differs by up to " + error + " (largest value " + scale + ")";
                }
            }
            return null;
        }
    }

    /** Values in [-1, 1] that look random to a convolution: sin of a multiple of each element's index. */
    private static NDArray scrambled(NDManager manager, Shape shape, double step) {
        return manager.arange(0, Math.toIntExact(shape.size()), 1, DataType.FLOAT64).mul(step * 1000).sin()
                .toType(DataType.FLOAT32, false).reshape(shape);
    }

    /** Output, input gradient and weight gradient of {@code sum(conv(x, w) * g)}, x and w copied to fresh leaves. */
    private static NDArray[] forwardAndBackward(Convolution convolution, NDArray x, NDArray w, NDArray g, int stride,
                                                int padding) {
        NDArray xa = x.duplicate();
        NDArray wa = w.duplicate();
        xa.setRequiresGradient(true);
        wa.setRequiresGradient(true);
        boolean before = TorchFunctions.isGradEnabled();
        NDArray ya;
        try {
            TorchFunctions.setGradEnabled(true);
            ya = convolution.apply(xa, wa, null, stride, padding);
            TorchFunctions.backward(ya.mul(g).sum());
        } finally {
            TorchFunctions.setGradEnabled(before);
        }
        return new NDArray[] {ya, TorchFunctions.gradient(xa), TorchFunctions.gradient(wa)};
    }

    /** Output, input gradient and weight gradient of {@code sum(conv(x, w) * g)}; call inside a scope. */
    private static float[][] forwardAndBackward(NDManager manager, Convolution convolution, float[] x, Shape input,
                                                float[] w, Shape weight, float[] g, int stride, int padding) {
        NDArray xa = manager.create(x, input);
        NDArray wa = manager.create(w, weight);
        xa.setRequiresGradient(true);
        wa.setRequiresGradient(true);
        boolean before = TorchFunctions.isGradEnabled();
        NDArray ya;
        try {
            TorchFunctions.setGradEnabled(true);
            ya = convolution.apply(xa, wa, null, stride, padding);
            NDArray loss = ya.mul(manager.create(g, ya.getShape())).sum();
            TorchFunctions.backward(loss);
        } finally {
            TorchFunctions.setGradEnabled(before);
        }
        return new float[][] {ya.toFloatArray(), TorchFunctions.gradient(xa).toFloatArray(),
            TorchFunctions.gradient(wa).toFloatArray()};
    }

    private static String compareAll(String where, double[][] expected, float[][] actual) {
        String failure = compare(where + " output", expected[0], actual[0]);
        if (failure == null) {
            failure = compare(where + " input gradient", expected[1], actual[1]);
        }
        if (failure == null) {
            failure = compare(where + " weight gradient", expected[2], actual[2]);
        }
        return failure;
    }

    private static String compare(String what, double[] expected, float[] actual) {
        double scale = 1;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        if (expected.length != actual.length) {
            return what + " has " + actual.length + " elements instead of " + expected.length;
        }
        for (int i = 0; i < expected.length; i++) {
            double error = Math.abs(expected[i] - actual[i]);
            if (!(error <= TOLERANCE * scale)) {
                return what + " is wrong at element " + i + ": " + actual[i] + " instead of " + expected[i];
            }
        }
        return null;
    }

    private static float[] uniform(SplittableRandom random, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return v;
    }
}
