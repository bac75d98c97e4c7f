package dev.cgan.api.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cgan.api.tensor.Shape;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Embedding keeps PyTorch's weight name and layout and takes labels as one-hot rows. */
class EmbeddingSpecTest {

    @Test
    void weightIsPyTorchsTableOfOneRowPerClass() {
        Embedding e = new Embedding(10, 128);
        assertEquals(Map.of("weight", Shape.of(10, 128)), e.parameterShapes());
        assertEquals(Shape.of(4, 128), e.outputShape(Shape.of(4, 10)));
        assertEquals("Embedding", e.typeName());
    }

    @Test
    void labelsOfAnotherClassCountAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Embedding(10, 8).outputShape(Shape.of(4, 3)));
        assertEquals("Embedding expects one-hot labels [N, 10], got [4, 3]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Embedding(0, 8));
    }
}
