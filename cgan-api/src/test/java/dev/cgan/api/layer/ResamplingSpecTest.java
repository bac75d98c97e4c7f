package dev.cgan.api.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.api.tensor.Shape;
import org.junit.jupiter.api.Test;

/** The resampling layers' output sizes are PyTorch's, and they have no state. */
class ResamplingSpecTest {

    @Test
    void nearestUpsamplingMultipliesHeightAndWidth() {
        assertEquals(Shape.of(2, 3, 8, 10), Upsample.nearest2x().outputShape(Shape.of(2, 3, 4, 5)));
        assertEquals(Shape.of(1, 2, 9, 12), new Upsample(3).outputShape(Shape.of(1, 2, 3, 4)));
        assertTrue(Upsample.nearest2x().parameterShapes().isEmpty());
        assertEquals("Upsample", Upsample.nearest2x().typeName());
    }

    @Test
    void averagePoolingDividesAndDropsThePartialWindow() {
        assertEquals(Shape.of(2, 3, 3, 4), AvgPool2d.halving().outputShape(Shape.of(2, 3, 6, 8)));
        assertEquals(Shape.of(2, 3, 2, 3), AvgPool2d.halving().outputShape(Shape.of(2, 3, 5, 7)));
        assertEquals(Shape.of(1, 1, 1, 1), new AvgPool2d(3).outputShape(Shape.of(1, 1, 3, 5)));
        assertTrue(AvgPool2d.halving().parameterShapes().isEmpty());
        assertEquals("AvgPool2d", AvgPool2d.halving().typeName());
    }

    @Test
    void poolingRefusesAnImageSmallerThanItsWindow() {
        assertThrows(IllegalArgumentException.class, () -> new AvgPool2d(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AvgPool2d.halving().outputShape(Shape.of(2, 3, 1, 4)));
        assertEquals("AvgPool2d(2) needs height and width of at least 2, got [2, 3, 1, 4]", e.getMessage());
    }

    @Test
    void upsamplingRefusesWhatPyTorchRefuses() {
        assertThrows(IllegalArgumentException.class, () -> new Upsample(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Upsample.nearest2x().outputShape(Shape.of(2, 8)));
        assertEquals("Upsample expects [N, C, H, W], got [2, 8]", e.getMessage());
    }
}
