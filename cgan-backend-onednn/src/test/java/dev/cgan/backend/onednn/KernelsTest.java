package dev.cgan.backend.onednn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cgan.api.BackendOptions;
import dev.cgan.api.Device;
import dev.cgan.api.tensor.Shape;
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
        OnednnTensor y = context.newTensor(Shape.of(1, 1, 2, 2));
        kernel.forward(x, w, null, y);
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
        OnednnTensor convX = context.newTensor(y.shape());
        new ConvolutionKernel(context, false, 3, 5, 4, 2, 1, false).forward(x, w, null, convX);
        OnednnTensor deconvY = context.newTensor(x.shape());
        new ConvolutionKernel(context, true, 5, 3, 4, 2, 1, false).forward(y, w, null, deconvY);
        assertEquals(dot(convX, y), dot(x, deconvY), 1e-3);
    }

    @Test
    void primitivesAreMadeOncePerShape() {
        ConvolutionKernel kernel = new ConvolutionKernel(context, false, 1, 1, 2, 1, 0, false);
        OnednnTensor w = tensor(Shape.of(1, 1, 2, 2), 1, 0, 0, 1);
        for (int i = 0; i < 3; i++) {
            kernel.forward(context.filled(Shape.of(1, 1, 3, 3), i), w, null, context.newTensor(Shape.of(1, 1, 2, 2)));
        }
        assertEquals(1, kernel.plans());
        kernel.forward(context.filled(Shape.of(2, 1, 3, 3), 1), w, null, context.newTensor(Shape.of(2, 1, 2, 2)));
        assertEquals(2, kernel.plans());
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
}
