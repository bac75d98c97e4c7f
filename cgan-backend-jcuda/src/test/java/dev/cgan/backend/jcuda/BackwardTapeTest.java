package dev.cgan.backend.jcuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.api.spi.BackwardTape;
import dev.cgan.api.spi.EngineTensor;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The kit's tape, as this engine drives it, on host vectors with gradients worked out by hand: chains, a value used
 * twice (its gradient is the sum over its uses, and a gradient handed to two inputs is never modified), detach, the GAN
 * pattern of two backward calls on one tape where the second goes only through nodes the first did not consume, and
 * PyTorch's refusal of a backward call that reaches a consumed node.
 */
class BackwardTapeTest {

    /**
     * A host vector as a kit tensor: the tape reads only the flags of {@link EngineTensor} (requires a gradient,
     * tracked), never the context, so none is given; what a tensor does beyond that is not used here.
     */
    static final class V extends EngineTensor {
        final double[] v;
        double[] grad;

        V(double... v) {
            super(null, Shape.of(v.length));
            this.v = v;
        }

        V leaf() {
            requireGrad();
            grad = new double[v.length];
            return this;
        }

        @Override
        public boolean hasGradient() {
            return grad != null;
        }

        @Override
        protected Tensor leafGradient() {
            throw new UnsupportedOperationException("host test vector");
        }

        @Override
        public void zeroGrad() {
            throw new UnsupportedOperationException("host test vector");
        }

        @Override
        public Tensor detach() {
            return new V(v.clone());
        }

        @Override
        protected float[] readValues() {
            throw new UnsupportedOperationException("host test vector");
        }

        @Override
        protected void writeValues(float[] values) {
            throw new UnsupportedOperationException("host test vector");
        }

        @Override
        protected void release() {
        }

        @Override
        public String toString() {
            return Arrays.toString(v);
        }
    }

    private final BackwardTape<V, V> tape = new BackwardTape<>(new BackwardTape.GradientMath<>() {
        @Override
        public V onesLike(V t) {
            double[] ones = new double[t.v.length];
            Arrays.fill(ones, 1);
            return new V(ones);
        }

        @Override
        public V sum(V a, V b) {
            return zip(a, b, Double::sum);
        }

        @Override
        public void accumulate(V leaf, V grad) {
            for (int i = 0; i < grad.v.length; i++) {
                leaf.grad[i] += grad.v[i];
            }
        }
    });

    private static V zip(V a, V b, java.util.function.DoubleBinaryOperator f) {
        double[] out = new double[a.v.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.applyAsDouble(a.v[i], b.v[i]);
        }
        return new V(out);
    }

    private static boolean needs(V t) {
        return t.needsGrad();
    }

    private V mul(V a, V b) {
        V y = zip(a, b, (x, z) -> x * z);
        if (needs(a) || needs(b)) {
            tape.record(y, (g, grads) -> {
                if (grads.wants(a)) {
                    grads.add(a, zip(g, b, (x, z) -> x * z));
                }
                if (grads.wants(b)) {
                    grads.add(b, zip(g, a, (x, z) -> x * z));
                }
            });
        }
        return y;
    }

    private V add(V a, V b) {
        V y = zip(a, b, Double::sum);
        if (needs(a) || needs(b)) {
            tape.record(y, (g, grads) -> {
                grads.add(a, g);
                grads.add(b, g);
            });
        }
        return y;
    }

    private V sum(V x) {
        V y = new V(Arrays.stream(x.v).sum());
        if (needs(x)) {
            tape.record(y, (g, grads) -> {
                double[] spread = new double[x.v.length];
                Arrays.fill(spread, g.v[0]);
                grads.add(x, new V(spread));
            });
        }
        return y;
    }

    private static V detach(V x) {
        return (V) x.detach();
    }

    @Test
    void chainRule() {
        V x = new V(1, 2, 3).leaf();
        V w = new V(4, 5, 6).leaf();
        tape.backward(sum(mul(x, w)));
        assertArrayEquals(new double[] {4, 5, 6}, x.grad);
        assertArrayEquals(new double[] {1, 2, 3}, w.grad);
    }

    @Test
    void aValueUsedTwiceCollectsBothGradientsAndSharedGradientsAreNotModified() {
        V x = new V(1, -2).leaf();
        V h = mul(x, new V(2, 2));             // tracked, used twice below
        V a = mul(h, new V(3, 3));
        V b = mul(h, new V(4, 4));
        V s = add(a, b);                        // hands the same gradient object to a and b
        tape.backward(sum(s));
        assertArrayEquals(new double[] {14, 14}, x.grad, "d/dx (3 * 2x + 4 * 2x) = 14");
    }

    @Test
    void detachCutsTheGradient() {
        V x = new V(3).leaf();
        V y = mul(x, x);
        tape.backward(sum(mul(detach(y), x)));  // d/dx (c * x) with c = x^2 held constant
        assertArrayEquals(new double[] {9}, x.grad);
    }

    @Test
    void theGanPatternRunsEachNodeOnce() {
        V z = new V(1, 2);
        V g = new V(0.5, -1).leaf();            // generator weight
        V d = new V(2, 3).leaf();               // discriminator weight
        V fake = mul(g, z);                     // G(z) = g * z = (0.5, -2)

        // D step: loss_d = sum(d * detach(fake)) + sum(d * z): through D only.
        tape.backward(add(sum(mul(d, detach(fake))), sum(mul(d, z))));
        assertArrayEquals(new double[] {0.5 + 1, -2 + 2}, d.grad);
        assertArrayEquals(new double[] {0, 0}, g.grad, "G is cut off by detach");

        // G step on the same tape: loss_g = sum(d * fake) reaches G through the nodes the D step did not consume.
        int nodes = tape.size();
        tape.backward(sum(mul(d, fake)));
        assertArrayEquals(new double[] {2 * 1, 3 * 2}, g.grad, "dg = d * z");
        assertArrayEquals(new double[] {1.5 + 0.5, 0 - 2}, d.grad, "D's gradients accumulate, each path once");
        assertEquals(nodes + 2, tape.size());
    }

    @Test
    void aLossThatIsALeafGetsGradientOne() {
        V x = new V(5).leaf();
        tape.backward(x);
        assertArrayEquals(new double[] {1}, x.grad);
    }

    @Test
    void tensorsThatNeedNoGradientAreLeftAlone() {
        V constant = new V(1, 1);
        V x = new V(2, 3).leaf();
        tape.backward(sum(mul(constant, x)));
        assertNull(constant.grad);
        assertArrayEquals(new double[] {1, 1}, x.grad);
    }

    @Test
    void aBackwardThatReachesAConsumedNodeFailsAsPyTorchDoes() {
        V x = new V(1, 2).leaf();
        V h = mul(x, new V(3, 3));
        tape.backward(sum(h));
        assertArrayEquals(new double[] {3, 3}, x.grad);

        // A second loss through h needs h's node again, which the first call consumed (retain_graph=False).
        V again = sum(mul(h, new V(2, 2)));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> tape.backward(again));
        assertTrue(e.getMessage().contains("retain_graph"), e::getMessage);
    }
}
