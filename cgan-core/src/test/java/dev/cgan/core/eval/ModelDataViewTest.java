package dev.cgan.core.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cgan.core.data.Dataset;
import dev.cgan.core.data.FashionMnist;
import dev.cgan.core.model.ModelCatalog;
import dev.cgan.core.model.ModelSpec;
import dev.cgan.core.train.ModelData;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The data as each model sees it, and generated images brought back to the classifier's 32×32 in [-1, 1]: the two
 * conversions must be inverses on real images, so real and generated images reach the classifier alike.
 */
class ModelDataViewTest {

    private static final Dataset PADDED = FashionMnist.embedded();

    @Test
    void mlpSeesTheUnpaddedImagesInUnitRange() {
        ModelSpec mlp = ModelCatalog.byName("mlp", 10, 1);
        Dataset seen = ModelData.fit(PADDED, mlp);
        assertEquals(28, seen.imageSize());
        float[] padded = PADDED.image(3);
        float[] small = seen.image(3);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                assertEquals((padded[(y + 2) * 32 + x + 2] + 1f) / 2f, small[y * 28 + x], 1e-7f);
            }
        }
        assertArrayEquals(padded, ClassifierView.convert(small, 1, mlp, 32), 1e-6f);
    }

    @Test
    void dcgan64ImagesPoolBackToTheClassifiersSize() {
        ModelSpec d64 = ModelCatalog.byName("dcgan64", 10, 1);
        Dataset seen = ModelData.fit(PADDED, d64);
        assertEquals(64, seen.imageSize());
        assertArrayEquals(PADDED.image(7), ClassifierView.convert(seen.image(7), 1, d64, 32), 1e-7f);
        ModelSpec d32 = ModelCatalog.byName("dcgan32", 10, 1);
        assertArrayEquals(PADDED.image(7), ClassifierView.convert(ModelData.fit(PADDED, d32).image(7), 1, d32, 32));
    }

    @Test
    void heldOutSplitPartitionsTheData() {
        Dataset train = HeldOutSplit.trainPart(PADDED);
        Dataset test = HeldOutSplit.testPart(PADDED);
        assertEquals(PADDED.size(), train.size() + test.size());
        assertEquals(PADDED.size() / 6, test.size());
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < test.size(); i++) {
            assertArrayEquals(PADDED.image(6 * i + 5), test.image(i));
            assertEquals(PADDED.label(6 * i + 5), test.label(i));
            seen.add(6 * i + 5);
        }
        for (int i = 0; i < train.size(); i += 997) {
            int source = i + i / 5;
            assertArrayEquals(PADDED.image(source), train.image(i));
            assertEquals(false, seen.contains(source), "train index " + i + " is not held out");
        }
        // 10,000 images: 9999 is not held out (9999 mod 6 = 3), so it is the last training image.
        assertArrayEquals(PADDED.image(PADDED.size() - 1), train.image(train.size() - 1));
    }
}
