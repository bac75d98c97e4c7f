package dev.cgan.backend.onednn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.cgan.api.BackendOptions;
import dev.cgan.api.Device;
import dev.cgan.api.autograd.GradientTape;
import dev.cgan.api.layer.BatchNorm2d;
import dev.cgan.api.layer.Conv2d;
import dev.cgan.api.layer.Layer;
import dev.cgan.api.layer.ReLU;
import dev.cgan.api.tensor.Shape;
import dev.cgan.api.tensor.Tensor;
import dev.cgan.api.tensor.TensorScope;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The primitive caches on plain float data: hand-derived values, the adjoint identity, and reuse per shape. */
class KernelsTest {

    private OnednnContext context;

    @BeforeEach
    void open() {
        context = (OnednnContext) new OnednnBackend().open(Device.cpu(), BackendOptions.defaults());
    }

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void convolutionOfAKnownImage() {
        // 3x3 image 1..9, 2x2 kernel [[1, 0], [0, 1]]: each output is the sum of a pixel and its lower-right neighbour.
        ConvolutionKernel kernel = new ConvolutionKernel(context, false, 1, 1, 2, 1, 0, false);
        OnednnTensor x = tensor(Shape.of(1, 1, 3, 3), 1, 2, 3, 4, 5, 6, 7, 8, 9);
        OnednnTensor w = tensor(Shape.of(1, 1, 2, 2), 1, 0, 0, 1);
        OnednnTensor y = kernel.forward(x, w, null, Shape.of(1, 1, 2, 2));
        assertArrayEquals(new float[] {6, 8, 12, 14}, y.toFloatArray());
    }

    @Test
    void deconvolutionIsTheAdjointOfConvolutionWithTheSameWeight() {
        // <conv(x; W), y> = <x, convT(y; W)> for PyTorch's layouts: Conv2d(3 -> 5) and ConvTranspose2d(5 -> 3) both
        // hold W as [5, 3, 4, 4]. Unequal channel counts make a transposed weight layout fail.
        Random random = new Random(7);
        OnednnTensor w = random(Shape.of(5, 3, 4, 4), random);
        OnednnTensor x = random(Shape.of(2, 3, 8, 8), random);
        OnednnTensor y = random(Shape.of(2, 5, 4, 4), random);
        OnednnTensor convX = new ConvolutionKernel(context, false, 3, 5, 4, 2, 1, false).forward(x, w, null, y.shape());
        OnednnTensor deconvY = new ConvolutionKernel(context, true, 5, 3, 4, 2, 1, false).forward(y, w, null,
                x.shape());
        assertEquals(dot(convX, y), dot(x, deconvY), 1e-3);
    }

    @Test
    void spaceToDepthComputesTheStrideTwoConvolution() {
        // A 4x4 stride-2 convolution over an 8x8 input in 16-channel blocks runs as a stride-1 2x2 convolution over the
        // rearranged input (SpaceToDepth): the same output and input gradient as oneDNN's plain primitive, within
        // float rounding (the sums run in another order); twice, with the weight changed in between (the rearranged
        // copy follows it).
        Random random = new Random(5);
        OnednnTensor w = random(Shape.of(48, 32, 4, 4), random);
        OnednnTensor b = random(Shape.of(48), random);
        OnednnTensor x = random(Shape.of(3, 32, 8, 8), random);
        OnednnTensor g = random(Shape.of(3, 48, 4, 4), random);
        ConvolutionKernel rearranged = new ConvolutionKernel(context, false, 32, 48, 4, 2, 1, true);
        ConvolutionKernel plain = new ConvolutionKernel(context, false, 32, 48, 4, 2, 1, true, false);
        for (int round = 0; round < 2; round++) {
            Shape out = Shape.of(3, 48, 4, 4);
            assertClose(plain.forward(x, w, b, out).toFloatArray(), rearranged.forward(x, w, b, out).toFloatArray());
            assertClose(plain.backwardData(g, w, x.shape()).toFloatArray(),
                    rearranged.backwardData(g, w, x.shape()).toFloatArray());
            w.copyFrom(random(w.shape(), random).toFloatArray());
        }
        assertNotNull(rearranged.spaceToDepth(x.shape()), "this shape should run as space-to-depth here");
    }

    private static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4 + 1e-4 * Math.abs(expected[i]), "element " + i);
        }
    }

    @Test
    void primitivesAreMadeOncePerShape() {
        ConvolutionKernel kernel = new ConvolutionKernel(context, false, 1, 1, 2, 1, 0, false);
        OnednnTensor w = tensor(Shape.of(1, 1, 2, 2), 1, 0, 0, 1);
        for (int i = 0; i < 3; i++) {
            kernel.forward(context.filled(Shape.of(1, 1, 3, 3), i), w, null, Shape.of(1, 1, 2, 2));
        }
        assertEquals(1, kernel.plans());
        kernel.forward(context.filled(Shape.of(2, 1, 3, 3), 1), w, null, Shape.of(2, 1, 2, 2));
        assertEquals(2, kernel.plans());
    }

    @Test
    void activationsStayInTheConvolutionsLayoutAndReadBackPlain() {
        // 16 channels: AVX-512 convolutions prefer a blocked layout (nChw16c); the eltwise after it keeps that layout,
        // and reading the values reorders them to plain, equal to the same activation on a plain copy.
        Random random = new Random(3);
        OnednnTensor w = random(Shape.of(16, 4, 3, 3), random);
        OnednnTensor x = random(Shape.of(2, 4, 6, 6), random);
        OnednnTensor y = new ConvolutionKernel(context, false, 4, 16, 3, 1, 1, false).forward(x, w, null,
                Shape.of(2, 16, 6, 6));
        EltwiseKernel relu = new EltwiseKernel(context, org.bytedeco.dnnl.global.dnnl.algorithm.eltwise_relu, 0.2f);
        OnednnTensor blocked = relu.forward(y);
        assertNotNull(y.layout(), "the convolution's output should be blocked");
        assertEquals(y.layout(), blocked.layout());
        float[] plainInput = y.toFloatArray();
        OnednnTensor expected = relu.forward(tensor(y.shape(), plainInput));
        assertArrayEquals(expected.toFloatArray(), blocked.toFloatArray());
    }

    @Test
    void isaIsNamedFromTheWidestSetItsMaskHolds() {
        assertEquals("AVX2", DnnlLibrary.isaName(org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_avx2));
        assertEquals("AVX-512", DnnlLibrary.isaName(org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_avx512_core));
    }

    private OnednnTensor tensor(Shape shape, float... values) {
        return (OnednnTensor) context.tensor(values, shape);
    }

    private OnednnTensor random(Shape shape, Random random) {
        float[] v = new float[shape.sizeAsInt()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return tensor(shape, v);
    }

    private static double dot(OnednnTensor a, OnednnTensor b) {
        float[] x = a.toFloatArray();
        float[] y = b.toFloatArray();
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += (double) x[i] * y[i];
        }
        return sum;
    }

    @Test
    void fusedBatchNormBackwardSurvivesItsInputTurningPlain() {
        // Batch normalisation fused with ReLU keeps a workspace laid out as its input was; when another reader turns
        // that input plain in place between forward and backward, backward must still read it in the forward's layout.
        float[] expected = gradient(false);
        float[] afterRead = gradient(true);
        assertArrayEquals(expected, afterRead, 1e-5f);
    }

    /** The convolution weight's gradient through BN+ReLU; {@code readBetween} reads the BN input before backward. */
    private float[] gradient(boolean readBetween) {
        Random random = new Random(9);
        Layer conv = context.layer(new Conv2d(16, 16, 3, 1, 1, false));
        conv.parameters().get("weight").copyFrom(values(16 * 16 * 9, random));
        List<Layer> normalised = List.of(context.layer(new BatchNorm2d(16)), context.layer(new ReLU()));
        Tensor x = context.tensor(values(2 * 16 * 6 * 6, random), Shape.of(2, 16, 6, 6));
        try (TensorScope scope = context.scope(); GradientTape tape = context.record()) {
            OnednnTensor y = (OnednnTensor) conv.forward(x, true);
            assertNotNull(y.layout(), "the convolution's output should be blocked for this test to mean anything");
            Tensor z = context.forward(normalised, y, true);
            if (readBetween) {
                y.floats();
                assertNull(y.layout(), "reading the values turns the tensor plain in place");
            }
            tape.backward(context.ops().dot(z, context.tensor(values(z.shape().sizeAsInt(), new Random(3)),
                    z.shape())));
        }
        return conv.parameters().get("weight").grad().toFloatArray();
    }

    private static float[] values(int size, Random random) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = random.nextFloat() * 2 - 1;
        }
        return v;
    }
}
