package dev.cgan.api.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cgan.api.tensor.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Maxout's layout, Dropout's validation and its mask stream (SplitMix64, checked against Vigna's test vector). */
class MlpLayerSpecTest {

    @Test
    void maxoutHoldsOneLinearOfUnitsTimesPieces() {
        Maxout m = new Maxout(784, 240, 5);
        assertEquals(List.of("weight", "bias"), List.copyOf(m.parameterShapes().keySet()));
        assertEquals(Shape.of(1200, 784), m.parameterShapes().get("weight"));
        assertEquals(Shape.of(1200), m.parameterShapes().get("bias"));
        assertEquals(Shape.of(7, 240), m.outputShape(Shape.of(7, 784)));
        assertThrows(IllegalArgumentException.class, () -> m.outputShape(Shape.of(7, 783)));
        assertThrows(IllegalArgumentException.class, () -> new Maxout(10, 0, 5));
    }

    @Test
    void dropoutKeepsShapesAndRejectsImpossibleProbabilities() {
        assertEquals(Shape.of(2, 3, 4), new Dropout(0.5, 1).outputShape(Shape.of(2, 3, 4)));
        assertEquals(0, new Dropout(0.5, 1).parameterShapes().size(), "no parameters");
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5, 1));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(Double.NaN, 1));
    }

    @Test
    void maskStreamIsSplitMix64() {
        // Vigna's splitmix64.c, seed 1234567: its first three outputs (unsigned), each to 24 bits.
        String[] outputs = {"6457827717110365317", "3203168211198807973", "9817491932198370423"};
        DropoutMask stream = new DropoutMask(1234567L);
        for (String output : outputs) {
            double expected = (Long.parseUnsignedLong(output) >>> 40) * 0x1.0p-24;
            assertEquals(expected, stream.nextUniform());
        }
    }

    @Test
    void scalesKeepDrawsAtOrAboveP() {
        DropoutMask draws = new DropoutMask(42);
        DropoutMask mask = new DropoutMask(42);
        float[] scales = mask.nextScales(1000, 0.3);
        int kept = 0;
        for (float s : scales) {
            boolean keep = draws.nextUniform() >= 0.3;
            assertEquals(keep ? (float) (1 / 0.7) : 0f, s);
            kept += keep ? 1 : 0;
        }
        assertEquals(700, kept, 45, "about 1 - p of the elements are kept (3 standard deviations: 43)");
        // The stream continues where the last call stopped.
        assertEquals(draws.nextUniform(), mask.nextUniform());
    }

    @Test
    void aStreamMovedToASavedStateContinuesWithTheOriginalsNextDraws() {
        DropoutMask original = new DropoutMask(99);
        assertEquals(99, original.state(), "a fresh stream is at its seed");
        original.nextScales(37, 0.5);
        long saved = original.state();
        float[] next = original.nextScales(50, 0.5);

        DropoutMask restored = new DropoutMask(99);
        restored.setState(saved);
        assertArrayEquals(next, restored.nextScales(50, 0.5));
        // A stream left at its seed draws something else: the position matters.
        assertFalse(java.util.Arrays.equals(next, new DropoutMask(99).nextScales(50, 0.5)));
    }
}
