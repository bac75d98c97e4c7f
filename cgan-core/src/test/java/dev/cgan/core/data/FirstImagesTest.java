package dev.cgan.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FirstImagesTest {

    private final Dataset all = FashionMnist.embedded();

    @Test
    void keepsTheFirstImagesWithTheirLabelsAndClasses() {
        Dataset first = all.first(5);
        assertEquals(5, first.size());
        assertEquals(all.classNames(), first.classNames());
        assertEquals(all.imageSize(), first.imageSize());
        for (int i = 0; i < 5; i++) {
            assertEquals(all.label(i), first.label(i));
            assertArrayEquals(all.image(i), first.image(i));
        }
        assertTrue(first.description().startsWith("the first 5 images of "), first.description());
    }

    @Test
    void aCountBeyondTheDatasetKeepsEverythingAndANegativeOneIsRefused() {
        assertEquals(all.size(), all.first(all.size() + 10).size());
        assertThrows(IllegalArgumentException.class, () -> all.first(-1));
    }
}
