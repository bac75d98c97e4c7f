package dev.cgan.backend.djl;

import static dev.cgan.backend.djl.Fixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.api.autograd.GradientTape;
import dev.cgan.api.layer.BatchNorm2d;
import dev.cgan.api.layer.Conv2d;
import dev.cgan.api.layer.ConvTranspose2d;
import dev.cgan.api.layer.Layer;
import dev.cgan.api.layer.LeakyReLU;
import dev.cgan.api.layer.Linear;
import dev.cgan.api.layer.ReLU;
import dev.cgan.api.layer.Sigmoid;
import dev.cgan.api.layer.Tanh;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.backend.djl.kernel.NaiveTransposedConvolution;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Every layer: PyTorch's parameter names, layouts and defaults, values, and gradient conventions at the kinks. */
class LayersTest extends SharedCpuContext {

    @Test
    void parametersHavePyTorchNamesShapesAndDefaults() {
        Layer conv = context.layer(new Conv2d(3, 4, 4, 2, 1, true));
        assertEquals(List.of("weight", "bias"), List.copyOf(conv.parameters().keySet()));
        assertEquals(Shape.of(4, 3, 4, 4), conv.parameters().get("weight").shape());
        assertTrue(conv.parameters().get("weight").requiresGrad());

        Layer deconv = context.layer(new ConvTranspose2d(3, 4, 4, 2, 1, false));
        assertEquals(List.of("weight"), List.copyOf(deconv.parameters().keySet()));
        assertEquals(Shape.of(3, 4, 4, 4), deconv.parameters().get("weight").shape());

        Layer bn = context.layer(new BatchNorm2d(3));
        assertArrayEquals(new float[] {1, 1, 1}, bn.parameters().get("weight").toFloatArray());
        assertArrayEquals(new float[] {0, 0, 0}, bn.parameters().get("bias").toFloatArray());
        assertArrayEquals(new float[] {0, 0, 0}, bn.buffers().get("running_mean").toFloatArray());
        assertArrayEquals(new float[] {1, 1, 1}, bn.buffers().get("running_var").toFloatArray());
        assertEquals(List.of("running_mean", "running_var"), List.copyOf(bn.buffers().keySet()));
    }

    @Test
    void rejectsInputsThatDoNotFitTheSpec() {
        Layer conv = context.layer(new Conv2d(3, 4, 3, 1, 1, false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> conv.forward(context.zeros(Shape.of(1, 2, 5, 5)), true));
        assertTrue(e.getMessage().contains("3 input channels"), e.getMessage());
    }

    @Test
    void convolutionMatchesTheDefinitionWithBias() {
        // 1 image, 2 -> 1 channels, 3x3, kernel 2, stride 1, padding 0
        Layer conv = context.layer(new Conv2d(2, 1, 2, 1, 0, true));
        conv.parameters().get("weight").copyFrom(new float[] {1, 2, 3, 4, -1, 0, 0, 1});
        conv.parameters().get("bias").copyFrom(new float[] {0.5f});
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 8, 7, 6, 5, 4, 3, 2, 1};
        Tensor y = conv.forward(context.tensor(x, Shape.of(1, 2, 3, 3)), true);
        assertEquals(Shape.of(1, 1, 2, 2), y.shape());
        // y[i,j] = Σ_c Σ_uv x[c, i+u, j+v] w[c, u, v] + 0.5
        assertArrayEquals(new float[] {37 - 9 + 5 + 0.5f, 47 - 8 + 4 + 0.5f, 67 - 6 + 2 + 0.5f, 77 - 5 + 1 + 0.5f},
                y.toFloatArray());
    }

    @Test
    void transposedConvolutionLayerUsesPyTorchsWeightLayout() {
        SplittableRandom random = new SplittableRandom(3);
        ConvTranspose2d spec = new ConvTranspose2d(3, 2, 4, 2, 1, true);
        Layer deconv = context.layer(spec);
        float[] w = Fixtures.uniform(random, 3 * 2 * 16, -1, 1);
        float[] b = {0.25f, -0.5f};
        float[] x = Fixtures.uniform(random, 2 * 3 * 5 * 5, -1, 1);
        deconv.parameters().get("weight").copyFrom(w);
        deconv.parameters().get("bias").copyFrom(b);
        Tensor y = deconv.forward(context.tensor(x, Shape.of(2, 3, 5, 5)), true);
        assertEquals(spec.outputShape(Shape.of(2, 3, 5, 5)), y.shape());
        double[] expected = new NaiveTransposedConvolution(2, 3, 2, 5, 5, 4, 2, 1).forward(x, w, b);
        assertClose("ConvTranspose2d", expected, y.toFloatArray(), 1e-5, 1e-5);
    }

    @Test
    void linearComputesXWTransposedPlusB() {
        Layer linear = context.layer(new Linear(3, 2, true));
        linear.parameters().get("weight").copyFrom(new float[] {1, 0, -1, 2, 1, 0});
        linear.parameters().get("bias").copyFrom(new float[] {0.5f, -1});
        Tensor y = linear.forward(context.tensor(new float[] {1, 2, 3}, Shape.of(1, 3)), true);
        assertArrayEquals(new float[] {1 - 3 + 0.5f, 2 + 2 - 1}, y.toFloatArray());
    }

    @Test
    void activationsHaveValuesAndPyTorchsGradientsAtZero() {
        float[] x = {-2, 0, 3};
        assertArrayEquals(new float[] {0, 0, 3}, apply(new ReLU(), x));
        assertArrayEquals(new float[] {-0.4f, 0, 3}, apply(new LeakyReLU(0.2), x));
        assertClose("tanh", new double[] {Math.tanh(-2), 0, Math.tanh(3)}, apply(new Tanh(), x), 1e-7, 1e-6);
        assertClose("sigmoid", new double[] {1 / (1 + Math.exp(2)), 0.5, 1 / (1 + Math.exp(-3))},
                apply(new Sigmoid(), x), 1e-7, 1e-6);

        assertArrayEquals(new float[] {0, 0, 1}, gradient(new ReLU(), x), "relu'(0) = 0");
        assertArrayEquals(new float[] {0.2f, 0.2f, 1}, gradient(new LeakyReLU(0.2), x), "leaky'(0) = slope");
    }

    private float[] apply(dev.cgan.api.layer.LayerSpec spec, float[] x) {
        return context.layer(spec).forward(context.tensor(x, Shape.of(x.length)), true).toFloatArray();
    }

    private float[] gradient(dev.cgan.api.layer.LayerSpec spec, float[] x) {
        Tensor input = context.tensor(x, Shape.of(x.length)).requireGrad();
        try (GradientTape tape = context.record()) {
            Tensor y = context.layer(spec).forward(input, true);
            tape.backward(context.ops().dot(y, context.tensor(new float[] {1, 1, 1}, Shape.of(3))));
        }
        return input.grad().toFloatArray();
    }
}
