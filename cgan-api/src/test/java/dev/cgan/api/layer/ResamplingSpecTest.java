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
    void upsamplingRefusesWhatPyTorchRefuses() {
        assertThrows(IllegalArgumentException.class, () -> new Upsample(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Upsample.nearest2x().outputShape(Shape.of(2, 8)));
        assertEquals("Upsample expects [N, C, H, W], got [2, 8]", e.getMessage());
    }
}
