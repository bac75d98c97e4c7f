package dev.cgan.core.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cgan.core.train.RunSummary;
import dev.cgan.core.train.SampleGrid;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleGridImageTest {

    @TempDir
    Path dir;

    @Test
    void grayscale32IsScaledTwiceAndDecodesAtTheRenderedSize() throws Exception {
        SampleGrid grid = OutputFixtures.grid(500, 8, 1, 32);
        Path file = dir.resolve("grid.png");

        SampleGridImage.write(grid, file);

        BufferedImage png = ImageIO.read(file.toFile());
        BufferedImage rendered = SampleGridImage.render(grid);
        assertEquals(rendered.getWidth(), png.getWidth());
        assertEquals(rendered.getHeight(), png.getHeight());
        int cell = 64 + SampleGridImage.PADDING;
        assertTrue(png.getWidth() >= 8 * cell + SampleGridImage.PADDING, "8 columns of 64-pixel cells");
        assertTrue(png.getHeight() >= 3 * cell + SampleGridImage.PADDING, "one 64-pixel row per class");
        assertTrue(png.getWidth() > 8 * cell + SampleGridImage.PADDING, "room for the row labels on the left");
    }

    @Test
    void rgb64IsNotScaled() {
        BufferedImage image = SampleGridImage.render(OutputFixtures.grid(0, 4, 3, 64));
        assertEquals(1, SampleGridImage.scale(64));
        assertTrue(image.getHeight() >= 3 * (64 + SampleGridImage.PADDING));
        assertTrue(image.getHeight() < 3 * (2 * 64), "64x64 images stay at their size");
    }

    @Test
    void pixelValuesMapFromMinusOneOneTo0To255() {
        assertEquals(0, SampleGridImage.toByte(-1f));
        assertEquals(255, SampleGridImage.toByte(1f));
        assertEquals(128, SampleGridImage.toByte(0f));
        assertEquals(0, SampleGridImage.toByte(-3f), "clamped below");
        assertEquals(255, SampleGridImage.toByte(7f), "clamped above");
        assertEquals(0, SampleGridImage.toByte(Float.NaN), "NaN shows black");
    }

    @Test
    void aWhitePixelIsWhiteInTheImage() {
        float[] px = new float[3 * 1 * 32 * 32];
        java.util.Arrays.fill(px, 1f);
        BufferedImage image = SampleGridImage.render(
                new SampleGrid(1, OutputFixtures.CLASSES, 1, 1, 32, px));
        // The bottom-right image pixel: just inside the last cell, away from any text.
        int x = image.getWidth() - SampleGridImage.PADDING - 1;
        int y = image.getHeight() - SampleGridImage.PADDING - 1;
        assertEquals(0xFFFFFF, image.getRGB(x, y) & 0xFFFFFF);
    }

    @Test
    void aGridWithTheWrongPixelCountIsRefused() {
        var bad = new SampleGrid(1, List.of("a"), 2, 1, 32, new float[10]);
        assertThrows(IllegalArgumentException.class, () -> SampleGridImage.render(bad));
    }

    @Test
    void writerNamesFilesByIterationAndWritesTheFinalGrid() throws Exception {
        RunDirectory run = RunDirectory.prepare(dir.resolve("run"));
        SampleGridWriter writer = new SampleGridWriter(run);

        writer.onSamples(OutputFixtures.grid(0, 2, 1, 32));
        writer.onSamples(OutputFixtures.grid(500, 2, 1, 32));
        writer.onFinish(new RunSummary(500, 1, 1, null, "completed"));

        assertTrue(Files.exists(run.samples().resolve("iter-000000.png")));
        assertTrue(Files.exists(run.samples().resolve("iter-000500.png")));
        assertTrue(ImageIO.read(run.finalSample().toFile()) != null, "final.png decodes");
        try (var files = Files.list(run.samples())) {
            assertEquals(3, files.count(), "no temporary files left behind");
        }
    }
}
