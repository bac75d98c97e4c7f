package dev.cgan.backend.djl.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The im2col convolution (the backend's replacement where libtorch's fails its self-check) against the definition:
 * output, input gradient and weight gradient, with and without bias, over kernels 1-5, strides 1-2, paddings 0-2.
 * Tolerance 1e-4 absolute plus 1e-5 relative to the largest reference magnitude.
 */
class Im2colConvolutionTest {

    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = Engine.getEngine("PyTorch").newBaseManager();
    }

    @AfterAll
    static void release() {
        manager.close();
    }

    @Test
    void passesTheSelfCheck() {
        assertNull(ConvolutionSelfCheck.run(manager, Convolution.IM2COL));
    }

    /** (n, in, out, size, k, s, p, bias) */
    static Stream<Arguments> geometries() {
        List<Arguments> cases = new ArrayList<>();
        for (int k = 1; k <= 5; k++) {
            for (int s = 1; s <= 2; s++) {
                for (int p = 0; p <= 2; p++) {
                    cases.add(Arguments.of(2, 3, 4, 7, k, s, p, (k + s + p) % 2 == 0));
                }
            }
        }
        cases.add(Arguments.of(2, 35, 17, 8, 4, 2, 1, false)); // a DCGAN-like layer
        cases.add(Arguments.of(2, 6, 5, 8, 4, 2, 1, false)); // by stride phases, even size
        cases.add(Arguments.of(3, 5, 2, 4, 4, 1, 0, false)); // one window covering the input (D's last layer)
        cases.add(Arguments.of(3, 5, 2, 4, 4, 2, 0, true)); // the same at stride 2, with a bias
        return cases.stream();
    }

    @ParameterizedTest(name = "n{0} {1}->{2} {3}x{3} k{4} s{5} p{6} bias={7}")
    @MethodSource("geometries")
    void matchesTheDefinition(int n, int in, int out, int size, int k, int s, int p, boolean withBias) {
        assertMatchesDefinition(manager, Convolution.IM2COL, n, in, out, size, k, s, p, withBias);
    }

    /**
     * Runs {@code convolution} forward and backward on seeded random data of one geometry and checks its output and
     * gradients against the definition, computed here in double precision.
     */
    static void assertMatchesDefinition(NDManager manager, Convolution convolution, int n, int in, int out, int size,
                                        int k, int s, int p, boolean withBias) {
        int outSize = (size + 2 * p - k) / s + 1;
        SplittableRandom random = new SplittableRandom(k * 100L + s * 10L + p);
        float[] x = uniform(random, n * in * size * size);
        float[] w = uniform(random, out * in * k * k);
        float[] b = withBias ? uniform(random, out) : null;
        float[] g = uniform(random, n * out * outSize * outSize);
        double[] y = new double[g.length];
        double[] dx = new double[x.length];
        double[] dw = new double[w.length];
        double[] db = new double[out];
        for (int bn = 0; bn < n; bn++) {
            for (int co = 0; co < out; co++) {
                for (int i = 0; i < outSize; i++) {
                    for (int j = 0; j < outSize; j++) {
                        int yi = ((bn * out + co) * outSize + i) * outSize + j;
                        y[yi] += withBias ? b[co] : 0;
                        db[co] += g[yi];
                        for (int ci = 0; ci < in; ci++) {
                            for (int u = 0; u < k; u++) {
                                for (int v = 0; v < k; v++) {
                                    int row = i * s - p + u;
                                    int col = j * s - p + v;
                                    if (row < 0 || row >= size || col < 0 || col >= size) {
                                        continue;
                                    }
                                    int xi = ((bn * in + ci) * size + row) * size + col;
                                    int wi = ((co * in + ci) * k + u) * k + v;
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
        try (NDScope scope = new NDScope()) {
            NDArray xa = manager.create(x, new Shape(n, in, size, size));
            NDArray wa = manager.create(w, new Shape(out, in, k, k));
            NDArray ba = withBias ? manager.create(b, new Shape(out)) : null;
            xa.setRequiresGradient(true);
            wa.setRequiresGradient(true);
            if (ba != null) {
                ba.setRequiresGradient(true);
            }
            NDArray ya;
            boolean before = TorchFunctions.isGradEnabled();
            try {
                TorchFunctions.setGradEnabled(true);
                ya = convolution.apply(xa, wa, ba, s, p);
                TorchFunctions.backward(ya.mul(manager.create(g, ya.getShape())).sum());
            } finally {
                TorchFunctions.setGradEnabled(before);
            }
            assertEquals(new Shape(n, out, outSize, outSize), ya.getShape());
            assertClose("output", y, ya.toFloatArray());
            assertClose("input gradient", dx, xa.getGradient().toFloatArray());
            assertClose("weight gradient", dw, wa.getGradient().toFloatArray());
            if (ba != null) {
                assertClose("bias gradient", db, ba.getGradient().toFloatArray());
            }
        }
    }

    private static float[] uniform(SplittableRandom random, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return v;
    }

    private static void assertClose(String what, double[] expected, float[] actual) {
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        double bound = 1e-4 + 1e-5 * scale;
        for (int i = 0; i < expected.length; i++) {
            double error = Math.abs(expected[i] - actual[i]);
            int at = i;
            assertTrue(error <= bound, () -> what + "[" + at + "] = " + actual[at] + ", expected " + expected[at]);
        }
    }
}
