package dev.cgan.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.cgan.api.ComputeContext;
import dev.cgan.api.autograd.GradientTape;
import dev.cgan.api.layer.Dropout;
import dev.cgan.api.layer.DropoutMask;
import dev.cgan.api.layer.Layer;
import dev.cgan.api.layer.Maxout;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorScope;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The MLP's layers on ND4J beyond the golden cases: dropout follows its stream across calls (evaluation draws nothing)
 * and its mask survives other work in the scope until backward; Maxout matches a plain-Java maxout and its gradients
 * repeat exactly when the scope's workspace is reused.
 */
class Nd4jMlpLayersTest {

    private ComputeContext context;

    @BeforeEach
    void open() {
        context = Fixtures.cpu();
    }

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void dropoutFollowsItsStreamAndEvaluationDrawsNothing() {
        Layer dropout = context.layer(new Dropout(0.4, 2024));
        DropoutMask stream = new DropoutMask(2024);
        float[] ones = new float[30];
        Arrays.fill(ones, 1f);
        for (int call = 0; call < 3; call++) {
            try (TensorScope scope = context.scope()) {
                float[] expected = stream.nextScales(30, 0.4);
                assertArrayEquals(expected, dropout.forward(context.tensor(ones, Shape.of(5, 6)), true).toFloatArray(),
                        "training call " + call);
                assertArrayEquals(ones, dropout.forward(context.tensor(ones, Shape.of(5, 6)), false).toFloatArray(),
                        "evaluation after training call " + call);
            }
        }
    }

    @Test
    void dropoutMaskOutlivesLaterWorkInTheScopeUntilBackward() {
        Layer dropout = context.layer(new Dropout(0.5, 7));
        DropoutMask stream = new DropoutMask(7);
        float[] weights = new float[64];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = i + 1;
        }
        for (int cycle = 0; cycle < 3; cycle++) {
            Tensor x = context.tensor(new float[64], Shape.of(8, 8)).requireGrad();
            try (TensorScope scope = context.scope(); GradientTape tape = context.record()) {
                Tensor out = dropout.forward(x, true);
                // Other work in the same scope between forward and backward, filling its workspace.
                for (int k = 0; k < 20; k++) {
                    context.ops().add(context.tensor(weights, Shape.of(8, 8)), context.tensor(weights, Shape.of(8, 8)));
                }
                tape.backward(context.ops().dot(out, context.tensor(weights, Shape.of(8, 8))));
            }
            float[] scales = stream.nextScales(64, 0.5);
            float[] expected = new float[64];
            for (int i = 0; i < 64; i++) {
                expected[i] = weights[i] * scales[i];
            }
            assertArrayEquals(expected, x.grad().toFloatArray(), "gradient = weights * mask, cycle " + cycle);
        }
    }

    @Test
    void maxoutMatchesPlainJavaAndRepeatsExactlyAcrossScopes() {
        int n = 16;
        int in = 12;
        int units = 6;
        int pieces = 4;
        Layer maxout = context.layer(new Maxout(in, units, pieces));
        Random r = new Random(3);
        float[] w = gaussian(r, units * pieces * in);
        float[] b = gaussian(r, units * pieces);
        float[] x = gaussian(r, n * in);
        float[] c = gaussian(r, n * units);
        maxout.parameters().get("weight").copyFrom(w);
        maxout.parameters().get("bias").copyFrom(b);

        float[] expectedOut = new float[n * units];
        float[] expectedWeightGrad = new float[w.length];
        for (int row = 0; row < n; row++) {
            for (int u = 0; u < units; u++) {
                int best = -1;
                double bestValue = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < pieces; k++) {
                    int j = u * pieces + k;
                    double a = b[j];
                    for (int f = 0; f < in; f++) {
                        a += (double) x[row * in + f] * w[j * in + f];
                    }
                    if (a > bestValue) {
                        bestValue = a;
                        best = j;
                    }
                }
                expectedOut[row * units + u] = (float) bestValue;
                for (int f = 0; f < in; f++) {
                    expectedWeightGrad[best * in + f] += c[row * units + u] * x[row * in + f];
                }
            }
        }

        Tensor weight = maxout.parameters().get("weight");
        for (int repeat = 0; repeat < 5; repeat++) {
            weight.zeroGrad();
            try (TensorScope scope = context.scope(); GradientTape tape = context.record()) {
                Tensor out = maxout.forward(context.tensor(x, Shape.of(n, in)), true);
                assertArrayEquals(expectedOut, out.toFloatArray(), 1e-5f, "output, repeat " + repeat);
                tape.backward(context.ops().dot(out, context.tensor(c, Shape.of(n, units))));
            }
            assertArrayEquals(expectedWeightGrad, weight.grad().toFloatArray(), 1e-5f,
                    "weight gradient, repeat " + repeat);
        }
    }

    private static float[] gaussian(Random r, int count) {
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    @Test
    void aFreshDropoutLayerGivenTheRandomStateRepeatsTheMasksThatFollowed() {
        Layer first = context.layer(new Dropout(0.5, 31));
        Layer other = context.layer(new Dropout(0.5, 31));
        assertEquals(java.util.OptionalLong.of(31), first.randomState(), "a new layer's stream is at its seed");
        float[] ones = new float[48];
        java.util.Arrays.fill(ones, 1f);
        try (TensorScope scope = context.scope()) {
            first.forward(context.tensor(ones, Shape.of(6, 8)), true);
            first.forward(context.tensor(ones, Shape.of(6, 8)), false);
            other.restoreRandomState(first.randomState().getAsLong());
            float[] next = first.forward(context.tensor(ones, Shape.of(6, 8)), true).toFloatArray();
            assertArrayEquals(next, other.forward(context.tensor(ones, Shape.of(6, 8)), true).toFloatArray());
            assertEquals(first.randomState(), other.randomState());
            // Without the restore the second call's mask would be the first's: check that they differ.
            Layer unrestored = context.layer(new Dropout(0.5, 31));
            assertFalse(java.util.Arrays.equals(next,
                    unrestored.forward(context.tensor(ones, Shape.of(6, 8)), true).toFloatArray()));
        }
    }
}
