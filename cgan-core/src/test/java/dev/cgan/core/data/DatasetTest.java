package dev.cgan.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {

    @TempDir
    Path dir;

    @Test
    void pads28To32WithBackgroundAndScalesBytesToMinusOneOne() {
        byte[] pixels = new byte[28 * 28];
        pixels[0] = (byte) 255;        // top-left of the image
        pixels[28 * 28 - 1] = (byte) 128;
        IdxArray images = new IdxArray("images", new int[] {1, 28, 28}, pixels);
        IdxArray labels = new IdxArray("labels", new int[] {1}, new byte[] {3});
        Dataset d = new PaddedGrayscaleDataset("test", images, labels, FashionMnist.CLASS_NAMES, 32);

        float[] image = d.image(0);
        assertEquals(32 * 32, image.length);
        assertEquals(1, d.channels());
        assertEquals(32, d.imageSize());
        // Two rows and columns of padding on each side.
        assertEquals(-1f, image[0], 0f, "padding");
        assertEquals(-1f, image[32 * 32 - 1], 0f, "padding");
        assertEquals(1f, image[2 * 32 + 2], 0f, "byte 255 at image (0,0) -> canvas (2,2)");
        assertEquals(128 / 127.5 - 1, image[29 * 32 + 29], 1e-7, "byte 128 at image (27,27) -> canvas (29,29)");
        assertEquals(-1f, image[3 * 32 + 3], 0f, "byte 0 is the background value");
        assertEquals(3, d.label(0));
        assertEquals("Dress", d.classNames().get(d.label(0)));
    }

    @Test
    void embeddedFashionMnistIsTheBalancedTestSplit() {
        Dataset d = FashionMnist.embedded();
        assertEquals(10_000, d.size());
        assertEquals(List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
                "Bag", "Ankle boot"), d.classNames());
        int[] perClass = new int[10];
        for (int i = 0; i < d.size(); i++) {
            perClass[d.label(i)]++;
        }
        for (int c = 0; c < 10; c++) {
            assertEquals(1000, perClass[c], "images of class " + c);
        }
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (int i = 0; i < 50; i++) {
            float[] image = d.image(i);
            for (int p = 0; p < 32; p++) {
                assertEquals(-1f, image[p], 0f, "top padding row of image " + i);
            }
            for (float v : image) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        assertEquals(-1f, min, 0f);
        assertEquals(1f, max, 0f, "Fashion-MNIST images use the full byte range");
        assertTrue(d.description().contains("embedded"), d.description());
    }

    @Test
    void withoutDataOrDebianCopyTheEmbeddedSplitIsUsed() {
        Dataset d = DatasetLocator.locate(null, dir.resolve("no-debian-here"));
        assertEquals(10_000, d.size());
        assertTrue(d.description().startsWith("Fashion-MNIST test split embedded"), d.description());
    }

    @Test
    void debiansTrainSplitIsPreferredWhenInstalled() {
        Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEBIAN_DIRECTORY), "dataset-fashion-mnist not installed");
        Dataset d = DatasetLocator.locate(null);
        assertEquals(60_000, d.size());
        assertTrue(d.description().contains("train split from " + FashionMnist.DEBIAN_DIRECTORY), d.description());
    }

    @Test
    void aDataDirectoryPrefersTheTrainSplitAndTakesClassNamesFromClassesTxt() throws Exception {
        IdxFiles.write(dir.resolve("train-images-idx3-ubyte.gz"), IdxFiles.gzip(IdxFiles.images(12, 28, 28)));
        IdxFiles.write(dir.resolve("train-labels-idx1-ubyte"), IdxFiles.labels(12, 3));
        IdxFiles.write(dir.resolve("t10k-images-idx3-ubyte"), IdxFiles.images(4, 28, 28));
        IdxFiles.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxFiles.labels(4, 3));
        Files.writeString(dir.resolve("classes.txt"), "zero\none\n\ntwo\n");

        Dataset d = DatasetLocator.locate(dir);
        assertEquals(12, d.size());
        assertEquals(List.of("zero", "one", "two"), d.classNames());
        assertTrue(d.description().contains("train split from " + dir), d.description());
    }

    @Test
    void aDataDirectoryWithOnlyTheTestSplitUsesItWithFashionNames() {
        IdxFiles.write(dir.resolve("t10k-images-idx3-ubyte"), IdxFiles.images(4, 28, 28));
        IdxFiles.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxFiles.labels(4, 10));
        Dataset d = DatasetLocator.fromDirectory(dir);
        assertEquals(4, d.size());
        assertEquals(FashionMnist.CLASS_NAMES, d.classNames());
    }

    @Test
    void dataDirectoryProblemsAreOneClearLine() {
        assertOneLine("does not exist", () -> DatasetLocator.locate(dir.resolve("missing")));
        assertOneLine("holds neither MNIST-format files", () -> DatasetLocator.locate(dir));
        IdxFiles.write(dir.resolve("train-images-idx3-ubyte"), IdxFiles.images(4, 28, 28));
        assertOneLine("not its labels", () -> DatasetLocator.locate(dir));
        IdxFiles.write(dir.resolve("train-labels-idx1-ubyte"), IdxFiles.labels(5, 10));
        assertOneLine("holds 4 images but", () -> DatasetLocator.locate(dir));
        IdxFiles.write(dir.resolve("train-labels-idx1-ubyte"), IdxFiles.labels(4, 4));
        IdxFiles.write(dir.resolve("classes.txt"), "a\nb\n".getBytes());
        assertOneLine("has label 2 at index 2", () -> DatasetLocator.locate(dir));
    }

    @Test
    void imagesLargerThanTheCanvasAreRejected() {
        IdxFiles.write(dir.resolve("train-images-idx3-ubyte"), IdxFiles.images(2, 40, 40));
        IdxFiles.write(dir.resolve("train-labels-idx1-ubyte"), IdxFiles.labels(2, 2));
        assertOneLine("larger than", () -> DatasetLocator.locate(dir));
    }

    @Test
    void upscalingRepeatsEachPixel() {
        byte[] pixels = new byte[28 * 28];
        pixels[0] = (byte) 255;
        Dataset small = new PaddedGrayscaleDataset("test", new IdxArray("i", new int[] {1, 28, 28}, pixels),
                new IdxArray("l", new int[] {1}, new byte[] {0}), List.of("only"), 32);
        Dataset big = UpscaledDataset.fit(small, 64);
        assertEquals(64, big.imageSize());
        float[] image = big.image(0);
        // canvas (2,2) of the 32x32 image covers (4..5, 4..5) at 64x64.
        assertEquals(1f, image[4 * 64 + 4], 0f);
        assertEquals(1f, image[5 * 64 + 5], 0f);
        assertEquals(-1f, image[6 * 64 + 6], 0f);
        assertEquals(small, UpscaledDataset.fit(small, 32));
        assertThrows(DatasetException.class, () -> UpscaledDataset.fit(small, 48));
    }

    private static void assertOneLine(String expected, org.junit.jupiter.api.function.Executable action) {
        DatasetException e = assertThrows(DatasetException.class, action);
        assertTrue(e.getMessage().contains(expected), "says '" + expected + "': " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
}
