package dev.cgan.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image folders: classes from sub-folder names, every image mode decoded to the model's shape, and the rules for
 * bad trees. Expected pixels come from how the test images are made (uniform colours, known patterns), scaled with
 * {@code b / 127.5 - 1}; one byte step is 1/127.5, the tolerance where rounding is involved.
 */
class ImageFolderDatasetTest {

    private static final ImageShape RGB64 = new ImageShape(3, 64);
    private static final ImageShape GRAY32 = new ImageShape(1, 32);
    private static final double BYTE = 1 / 127.5;

    @TempDir
    Path dir;

    private static float scaled(int b) {
        return (float) (b / 127.5 - 1);
    }

    @Test
    void classesAreTheSortedSubFolderNamesAndEveryModeDecodes() {
        TestImages.write(dir.resolve("shoes/a.png"), TestImages.rgb(100, 80, (x, y) -> 0xFF0000), "png");
        TestImages.write(dir.resolve("shoes/nested/b.jpg"), TestImages.rgb(70, 70, (x, y) -> 0x0000FF), "jpeg");
        TestImages.write(dir.resolve("anime/c.png"), TestImages.gray16(40, 50, 0xFFFF), "png");
        TestImages.write(dir.resolve("anime/d.PNG"), TestImages.gray8(40, 50, 0), "png");
        TestImages.write(dir.resolve("faces/e.png"), TestImages.rgba(30, 30, 0x00FF00), "png");
        TestImages.write(dir.resolve("faces/f.png"), TestImages.palette(300, 200, 0xFFFFFF), "png");

        Dataset d = DatasetLocator.fromDirectory(dir, RGB64);

        assertEquals(List.of("anime", "faces", "shoes"), d.classNames());
        assertEquals(6, d.size());
        assertEquals(3, d.channels());
        assertEquals(64, d.imageSize());
        assertEquals(List.of(0, 0, 1, 1, 2, 2), java.util.stream.IntStream.range(0, 6).map(d::label).boxed().toList());
        assertUniform(d.image(0), new float[] {1, 1, 1}, 0, "16-bit gray 65535 is white");
        assertUniform(d.image(1), new float[] {-1, -1, -1}, 0, "8-bit gray 0 is black");
        assertUniform(d.image(2), new float[] {-1, 1, -1}, 0, "RGBA green, alpha dropped");
        assertUniform(d.image(3), new float[] {1, 1, 1}, 0, "palette white");
        assertUniform(d.image(4), new float[] {1, -1, -1}, 0, "RGB red");
        // JPEG is lossy: pure blue comes back within a few steps.
        assertUniform(d.image(5), new float[] {-1, -1, 1}, 6 * BYTE, "JPEG blue");
        assertTrue(d.description().contains("6 images in 3 classes"), d.description());
        assertTrue(d.description().contains("decoded in"), d.description());
    }

    @Test
    void grayscaleModelsGetLumaAndSixteenBitsScaleToEight() {
        TestImages.write(dir.resolve("a/green.png"), TestImages.rgb(20, 20, (x, y) -> 0x00FF00), "png");
        TestImages.write(dir.resolve("b/half.png"), TestImages.gray16(20, 20, 0x8080), "png");
        Dataset d = DatasetLocator.fromDirectory(dir, GRAY32);
        assertEquals(1, d.channels());
        // ITU-R 601 luma of pure green: 0.587 * 255 = 149.7, rounded to 150.
        assertUniform(d.image(0), new float[] {scaled(150)}, 0, "luma of green");
        // 0x8080 / 65535 * 255 = 128.0.
        assertUniform(d.image(1), new float[] {scaled(128)}, 0, "16-bit gray 0x8080");
    }

    @Test
    void theCentralSquareIsKept() {
        // 90x30: black, white, black thirds; the central 30x30 square is all white.
        TestImages.write(dir.resolve("a/wide.png"), TestImages.rgb(90, 30, (x, y) -> x >= 30 && x < 60 ? 0xFFFFFF : 0),
                "png");
        TestImages.write(dir.resolve("b/tall.png"), TestImages.rgb(30, 90, (x, y) -> y >= 30 && y < 60 ? 0 : 0xFFFFFF),
                "png");
        Dataset d = DatasetLocator.fromDirectory(dir, GRAY32);
        assertUniform(d.image(0), new float[] {1}, 0, "middle of the wide image");
        assertUniform(d.image(1), new float[] {-1}, 0, "middle of the tall image");
    }

    @Test
    void shrinkingAveragesTheAreaRatherThanPickingPixels() {
        // A one-pixel checkerboard at 128x128 shrunk to 64x64: every target pixel covers two white and two black
        // pixels, so it is mid-gray (127.5, rounded to 128). Picking pixels would give pure black or white.
        TestImages.write(dir.resolve("a/checks.png"),
                TestImages.rgb(128, 128, (x, y) -> (x + y) % 2 == 0 ? 0xFFFFFF : 0), "png");
        TestImages.write(dir.resolve("b/plain.png"), TestImages.rgb(8, 8, (x, y) -> 0x808080), "png");
        Dataset d = DatasetLocator.fromDirectory(dir, RGB64);
        assertUniform(d.image(0), new float[] {scaled(128), scaled(128), scaled(128)}, 0, "checkerboard average");
        // Enlarging a uniform 8x8 keeps it uniform.
        assertUniform(d.image(1), new float[] {scaled(128), scaled(128), scaled(128)}, 0, "enlarged uniform");
    }

    @Test
    void unreadableAndForeignFilesAreSkippedWithAWarning() throws IOException {
        TestImages.write(dir.resolve("a/good.png"), TestImages.rgb(10, 10, (x, y) -> 0), "png");
        // White, and after b/broken.png in file order: it moves down one place when the broken file is dropped.
        TestImages.write(dir.resolve("b/good.jpg"), TestImages.rgb(10, 10, (x, y) -> 0xFFFFFF), "jpeg");
        Files.writeString(dir.resolve("b/notes.txt"), "not an image");
        Files.write(dir.resolve("b/broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0});
        Files.writeString(dir.resolve("b/text.jpg"), "a text file with an image's name");
        Files.writeString(dir.resolve("README"), "about the data");
        Files.writeString(dir.resolve("a/.DS_Store"), "hidden");

        ImageFolderDataset d = assertInstanceOf(ImageFolderDataset.class, DatasetLocator.fromDirectory(dir, RGB64));

        assertEquals(2, d.size());
        List<String> w = d.warnings();
        assertEquals(4, w.size(), w.toString());
        assertTrue(w.stream().anyMatch(s -> s.contains("README") && s.contains("not in a class folder") && s.startsWith("skipped: ")), w.toString());
        assertTrue(w.stream().anyMatch(s -> s.contains("notes.txt") && s.contains("is not a .png")), w.toString());
        assertTrue(w.stream().anyMatch(s -> s.contains("broken.png") && s.contains("not a readable png")),
                w.toString());
        assertTrue(w.stream().anyMatch(s -> s.contains("text.jpg") && s.contains("not a PNG or JPEG")), w.toString());
        assertTrue(w.stream().noneMatch(s -> s.contains("\n")));
        assertTrue(d.description().contains("2 unreadable skipped"), d.description());
        float[] image = new float[RGB64.length()];
        d.copyImage(0, image, 0);
        assertUniform(image, new float[] {-1, -1, -1}, 0.0, "a/good.png, black");
        assertEquals(0, d.label(0));
        d.copyImage(1, image, 0);
        assertUniform(image, new float[] {1, 1, 1}, 0.02, "b/good.jpg, white");
        assertEquals(1, d.label(1));
    }

    @Test
    void aFolderWhoseCacheWouldNotFitTheHeapIsRefusedBeforeDecoding() {
        long mb = 1L << 20;
        // 40,000 images at 64x64 RGB: 469 MB of cache.
        long cache = 40_000L * RGB64.length();
        ImageFolderDataset.requireHeap(dir, 40_000, cache, RGB64,
                new ImageFolderDataset.HeapRoom(4096 * mb, 4000 * mb));
        assertOneLine("holds 40000 images: decoded at " + RGB64 + " they need 469 MB of Java heap, and 400 MB of "
                + "the 512 MB heap are free; raise the heap limit (-Xmx; with bin/cgan-cli: "
                + "CGAN_JAVA_OPTS=\"-Xms1g -Xmx2g\") or train on a subset", () -> ImageFolderDataset.requireHeap(dir,
                40_000, cache, RGB64, new ImageFolderDataset.HeapRoom(512 * mb, 400 * mb)));
    }

    @Test
    void badTreesAreRefusedInOneLine() throws IOException {
        Files.createDirectories(dir.resolve("only"));
        TestImages.write(dir.resolve("only/x.png"), TestImages.rgb(4, 4, (x, y) -> 0), "png");
        assertOneLine("has only one class folder (only); a conditional GAN needs at least two classes",
                () -> DatasetLocator.fromDirectory(dir, RGB64));

        Files.createDirectories(dir.resolve("empty"));
        assertOneLine("class folder " + dir.resolve("empty") + " holds no PNG or JPEG file",
                () -> DatasetLocator.fromDirectory(dir, RGB64));

        Files.writeString(dir.resolve("empty/bad.png"), "garbage");
        assertOneLine("class folder " + dir.resolve("empty") + " has no readable PNG or JPEG image",
                () -> DatasetLocator.fromDirectory(dir, RGB64));
    }

    @Test
    void aFolderWithoutSubFoldersOrIdxFilesIsRefused() throws IOException {
        Files.writeString(dir.resolve("loose.png"), "x");
        assertOneLine("holds neither MNIST-format files", () -> DatasetLocator.fromDirectory(dir, RGB64));
    }

    @Test
    void hugeDeclaredSizesAreRefusedBeforeDecoding() {
        byte[] png = TestImages.encode(TestImages.rgb(4, 4, (x, y) -> 0), "png");
        // IHDR width and height (bytes 16..23) set to 100000 x 100000.
        for (int i = 16; i < 24; i += 4) {
            png[i] = 0;
            png[i + 1] = 0x01;
            png[i + 2] = (byte) 0x86;
            png[i + 3] = (byte) 0xA0;
        }
        UnreadableImageException e = assertThrows(UnreadableImageException.class,
                () -> ImageDecoder.decode(png, "huge.png", RGB64, new byte[RGB64.length()], 0));
        assertTrue(e.getMessage().contains("declares 100000x100000 pixels"), e.getMessage());
    }

    private static void assertUniform(float[] image, float[] perChannel, double tolerance, String what) {
        int plane = image.length / perChannel.length;
        for (int i = 0; i < image.length; i++) {
            float expected = perChannel[i / plane];
            assertEquals(expected, image[i], tolerance + 1e-6, what + ": value " + i);
        }
    }

    private static void assertOneLine(String expected, org.junit.jupiter.api.function.Executable action) {
        DatasetException e = assertThrows(DatasetException.class, action);
        assertTrue(e.getMessage().contains(expected), "says '" + expected + "': " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
}
