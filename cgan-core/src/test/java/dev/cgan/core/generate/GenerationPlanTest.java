package dev.cgan.core.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What generate feeds the generator: rows, shared noise, label mixtures, interpolation ends. */
class GenerationPlanTest {

    private static final List<String> CLASSES = List.of("anime", "faces", "shoes");
    private static final int Z = 5;

    private static float[] row(float[] values, int index, int width) {
        return Arrays.copyOfRange(values, index * width, (index + 1) * width);
    }

    @Test
    void samplesShareTheirNoiseAcrossLabels() {
        GenerationPlan p = GenerationPlan.samples(List.of(2, 0), CLASSES, 3, 11, Z);
        assertEquals(6, p.count());
        assertEquals(List.of("shoes", "anime"), p.rowNames());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(row(p.noise(), i, Z), row(p.noise(), 3 + i, Z), "column " + i);
        }
        assertNotEquals(Arrays.toString(row(p.noise(), 0, Z)), Arrays.toString(row(p.noise(), 1, Z)));
        assertArrayEquals(new float[] {0, 0, 1}, row(p.labels(), 0, 3));
        assertArrayEquals(new float[] {1, 0, 0}, row(p.labels(), 5, 3));
        assertEquals("2_shoes-11-000.png", p.files().get(0));
        // The same seed gives the same noise however many labels are asked for.
        assertArrayEquals(row(p.noise(), 0, Z), row(GenerationPlan.samples(List.of(1), CLASSES, 1, 11, Z).noise(), 0,
                Z));
    }

    @Test
    void betweenLabelsKeepsTheNoiseAndMixesTheLabels() {
        GenerationPlan p = GenerationPlan.betweenLabels(0, 2, CLASSES, 5, 2, 1, Z);
        assertEquals(2, p.rows());
        assertEquals(5, p.columns());
        assertArrayEquals(new float[] {1, 0, 0}, row(p.labels(), 0, 3));
        assertArrayEquals(new float[] {0.5f, 0, 0.5f}, row(p.labels(), 2, 3));
        assertArrayEquals(new float[] {0, 0, 1}, row(p.labels(), 4, 3));
        for (int s = 1; s < 5; s++) {
            assertArrayEquals(row(p.noise(), 5, Z), row(p.noise(), 5 + s, Z), "row 1 keeps its noise");
        }
        assertEquals("anime to shoes", p.rowNames().get(0));
    }

    @Test
    void betweenSeedsStartsAndEndsAtEachSeedsNoise() {
        GenerationPlan p = GenerationPlan.betweenSeeds(1, CLASSES, 3, 4, 4, 2, Z);
        float[] a = Latents.noise(3, 2, Z);
        float[] b = Latents.noise(4, 2, Z);
        assertArrayEquals(row(a, 1, Z), row(p.noise(), 4, Z), 1e-6f);
        assertArrayEquals(row(b, 1, Z), row(p.noise(), 7, Z), 1e-6f);
        for (int k = 0; k < p.count(); k++) {
            assertArrayEquals(new float[] {0, 1, 0}, row(p.labels(), k, 3));
        }
    }

    @Test
    void slerpKeepsTheLengthOfEqualLengthVectors() {
        float[] a = {3, 0, 0, 0};
        float[] b = {0, 3, 0, 0};
        float[] mid = Latents.slerp(a, b, 0.5);
        // On the great circle halfway between two orthogonal vectors of length 3: (3/sqrt2, 3/sqrt2).
        assertArrayEquals(new float[] {(float) (3 / Math.sqrt(2)), (float) (3 / Math.sqrt(2)), 0, 0}, mid, 1e-6f);
    }

    @Test
    void fileNamesAreSafeAndDistinct() {
        assertEquals("0_T-shirt_top", GenerationPlan.fileSafe("T-shirt/top", 0));
        assertEquals("3", GenerationPlan.fileSafe("..", 3));
        assertNotEquals(GenerationPlan.fileSafe("a b", 0), GenerationPlan.fileSafe("a_b", 1));
    }
}
