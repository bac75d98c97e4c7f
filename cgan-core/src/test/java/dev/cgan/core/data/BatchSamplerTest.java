package dev.cgan.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cgan.core.init.SeededRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchSamplerTest {

    /** 10 one-pixel images; image i has value i and label i mod 3, so batches reveal their indices. */
    private static final Dataset TEN = new Dataset() {
        @Override
        public String description() {
            return "ten numbered pixels";
        }

        @Override
        public int size() {
            return 10;
        }

        @Override
        public List<String> classNames() {
            return List.of("a", "b", "c");
        }

        @Override
        public int channels() {
            return 1;
        }

        @Override
        public int imageSize() {
            return 1;
        }

        @Override
        public void copyImage(int index, float[] destination, int offset) {
            destination[offset] = index;
        }

        @Override
        public int label(int index) {
            return index % 3;
        }
    };

    @Test
    void eachEpochUsesEveryImageAtMostOnceAndDropsTheIncompleteRest() {
        BatchSampler sampler = new BatchSampler(TEN, 3, new SeededRandom(1));
        assertEquals(3, sampler.batchesPerEpoch());
        for (int epoch = 1; epoch <= 4; epoch++) {
            Set<Integer> seen = new HashSet<>();
            for (int b = 0; b < 3; b++) {
                Batch batch = sampler.next();
                assertEquals(epoch, batch.epoch());
                assertEquals(3, batch.size());
                for (int i = 0; i < 3; i++) {
                    int index = (int) batch.images()[i];
                    assertEquals(index % 3, batch.labels()[i]);
                    assertEquals(true, seen.add(index), "image " + index + " twice in epoch " + epoch);
                }
            }
            assertEquals(9, seen.size());
        }
    }

    @Test
    void theSameSeedGivesTheSameBatchesAndEpochsAreShuffledDifferently() {
        List<float[]> a = take(new BatchSampler(TEN, 5, new SeededRandom(42)), 6);
        List<float[]> b = take(new BatchSampler(TEN, 5, new SeededRandom(42)), 6);
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), "batch " + i);
        }
        // Epoch 1 (batches 0-1) and epoch 2 (batches 2-3) are different permutations (probability 1/10! otherwise).
        assertNotEquals(List.of(a.get(0)[0], a.get(0)[1], a.get(0)[2]), List.of(a.get(2)[0], a.get(2)[1], a.get(2)[2]));
    }

    @Test
    void restoringAStateContinuesWithExactlyTheSameBatches() {
        for (int stopAfter : new int[] {0, 1, 3, 4, 7}) {
            BatchSampler original = new BatchSampler(TEN, 3, new SeededRandom(9));
            take(original, stopAfter);
            SamplerState state = original.state();
            List<float[]> expected = take(original, 8);

            BatchSampler resumed = new BatchSampler(TEN, 3, new SeededRandom(12345));
            resumed.restore(state);
            List<float[]> actual = take(resumed, 8);
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(expected.get(i), actual.get(i), "after " + stopAfter + ", batch " + i);
            }
        }
    }

    @Test
    void aBatchLargerThanTheDatasetIsAClearError() {
        DatasetException e = assertThrows(DatasetException.class, () -> new BatchSampler(TEN, 11, new SeededRandom(0)));
        assertEquals(true, e.getMessage().contains("larger than the dataset"), e.getMessage());
    }

    @Test
    void oneHotLabelsHaveASingleOnePerRow() {
        assertArrayEquals(new float[] {0, 1, 0, 0, 0, 1, 1, 0, 0}, Batch.oneHot(new int[] {1, 2, 0}, 3));
        assertThrows(IllegalArgumentException.class, () -> Batch.oneHot(new int[] {3}, 3));
    }

    private static List<float[]> take(BatchSampler sampler, int n) {
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Batch b = sampler.next();
            float[] row = new float[b.size() + 1];
            System.arraycopy(b.images(), 0, row, 0, b.size());
            row[b.size()] = b.epoch();
            out.add(row);
        }
        return out;
    }
}
