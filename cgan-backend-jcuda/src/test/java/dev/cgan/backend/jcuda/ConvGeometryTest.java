package dev.cgan.backend.jcuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cgan.api.layer.Conv2d;
import dev.cgan.api.layer.ConvTranspose2d;
import dev.cgan.api.spi.ConvolutionShape;
import dev.cgan.api.tensor.Shape;
import org.junit.jupiter.api.Test;

/**
 * cuDNN's view of convolutions: for a convolution it is the layer itself; for a transposed convolution the roles of
 * input and output are exchanged and the PyTorch weight {@code [in, out, k, k]} is used as the filter unchanged. The
 * shapes must agree with the API's own (PyTorch's) output-size formulas.
 */
class ConvGeometryTest {

    @Test
    void convolutionShapesAreTheLayers() {
        Conv2d spec = new Conv2d(13, 64, 4, 2, 1, false);
        Shape input = Shape.of(64, 13, 64, 64);
        ConvGeometry g = ConvGeometry.of(ConvolutionShape.of(spec, input));
        assertEquals(input, g.inputShape());
        assertEquals(spec.outputShape(input), g.outputShape());
        assertEquals(spec.parameterShapes().get("weight"), g.filterShape());
        assertEquals(new ConvGeometry(64, 13, 64, 64, 64, 4, 2, 1, 32, 32), g);
    }

    @Test
    void transposedConvolutionIsTheConvolutionRunBackwards() {
        ConvTranspose2d[] specs = {
            new ConvTranspose2d(110, 512, 4, 1, 0, false), // 1x1 -> 4x4, the generator's first block
            new ConvTranspose2d(512, 256, 4, 2, 1, false), // 4x4 -> 8x8
            new ConvTranspose2d(5, 3, 4, 2, 1, true),      // odd 5x5 -> 10x10
            new ConvTranspose2d(4, 4, 3, 1, 1, false),     // size-preserving
        };
        int[] sizes = {1, 4, 5, 6};
        for (int i = 0; i < specs.length; i++) {
            ConvTranspose2d spec = specs[i];
            Shape input = Shape.of(2, spec.in(), sizes[i], sizes[i]);
            ConvGeometry g = ConvGeometry.of(ConvolutionShape.of(spec, input));
            assertEquals(spec.outputShape(input), g.inputShape(), "the convolution's input is the layer's output");
            assertEquals(input, g.outputShape(), "the convolution's output is the layer's input");
            assertEquals(spec.parameterShapes().get("weight"), g.filterShape(), "PyTorch's weight is the filter");
            // cuDNN's forward size formula on its input gives back the layer's input: the descriptors are consistent.
            assertEquals(sizes[i], Math.floorDiv(g.inHeight() + 2 * g.padding() - g.kernel(), g.stride()) + 1);
        }
    }
}
