package dev.cgan.api.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cgan.api.tensor.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Output sizes and parameter layouts follow PyTorch's formulas and {@code state_dict} conventions. */
class LayerSpecTest {

    @Test
    void stridedConvolutionHalvesEvenAndOddSizes() {
        Conv2d conv = new Conv2d(3, 64, 4, 2, 1, false);
        assertEquals(Shape.of(2, 64, 32, 32), conv.outputShape(Shape.of(2, 3, 64, 64)));
        assertEquals(Shape.of(2, 64, 4, 4), conv.outputShape(Shape.of(2, 3, 9, 9)));
    }

    @Test
    void transposedConvolutionsGrowAsInTheSeed() {
        assertEquals(Shape.of(5, 512, 4, 4),
                new ConvTranspose2d(103, 512, 4, 1, 0, false).outputShape(Shape.of(5, 103, 1, 1)));
        assertEquals(Shape.of(5, 3, 64, 64),
                new ConvTranspose2d(64, 3, 4, 2, 1, false).outputShape(Shape.of(5, 64, 32, 32)));
    }

    @Test
    void weightLayoutsArePyTorchs() {
        assertEquals(Shape.of(8, 3, 4, 4), new Conv2d(3, 8, 4, 2, 1, true).parameterShapes().get("weight"));
        assertEquals(Shape.of(3, 8, 4, 4), new ConvTranspose2d(3, 8, 4, 2, 1, true).parameterShapes().get("weight"));
        assertEquals(Shape.of(5, 7), new Linear(7, 5, true).parameterShapes().get("weight"));
    }

    @Test
    void batchNormHasPyTorchsNamesAndDefaults() {
        BatchNorm2d bn = new BatchNorm2d(16);
        assertEquals(0.1, bn.momentum());
        assertEquals(1e-5, bn.eps());
        assertEquals(List.of("weight", "bias"), List.copyOf(bn.parameterShapes().keySet()));
        assertEquals(List.of("running_mean", "running_var"), List.copyOf(bn.bufferShapes().keySet()));
    }

    @Test
    void biasIsOnlyAParameterWhenAsked() {
        assertEquals(List.of("weight"), List.copyOf(new Conv2d(3, 8, 3, 1, 1, false).parameterShapes().keySet()));
        assertEquals(List.of("weight", "bias"),
                List.copyOf(new Conv2d(3, 8, 3, 1, 1, true).parameterShapes().keySet()));
    }

    @Test
    void wrongInputsAreRefusedWithTheExpectedShape() {
        Conv2d conv = new Conv2d(3, 8, 4, 2, 1, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> conv.outputShape(Shape.of(2, 4, 8, 8)));
        assertEquals("Conv2d expects 3 input channels, got [2, 4, 8, 8]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 0, 4, 2, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(4, 1.5, 1e-5));
    }
}
