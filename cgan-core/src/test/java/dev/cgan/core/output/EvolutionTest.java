package dev.cgan.core.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evolution strip and GIF, read back with javax.imageio: frames in training order, delays, looping. */
class EvolutionTest {

    private static final int[] COLOURS = {0xFF0000, 0x00FF00, 0x0000FF};

    @TempDir
    Path dir;

    private RunDirectory runWithThreeGrids() throws Exception {
        RunDirectory run = RunDirectory.prepare(dir.resolve("run"));
        // Named so that only the zero-padded iteration orders them: 0, 50, 100.
        long[] iterations = {100, 0, 50};
        int[] colours = {COLOURS[2], COLOURS[0], COLOURS[1]};
        for (int i = 0; i < 3; i++) {
            BufferedImage grid = new BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 20; y++) {
                for (int x = 0; x < 30; x++) {
                    grid.setRGB(x, y, colours[i]);
                }
            }
            ImageIO.write(grid, "png", run.sample(iterations[i]).toFile());
        }
        Files.copy(run.sample(100), run.finalSample());
        return run;
    }

    @Test
    void theStripShowsEveryGridOldestFirst() throws Exception {
        RunDirectory run = runWithThreeGrids();
        assertEquals(3, Evolution.write(run));
        BufferedImage strip = ImageIO.read(run.evolutionStrip().toFile());
        int gap = SampleGridImage.PADDING * 4;
        assertEquals(3 * 30 + 2 * gap, strip.getWidth());
        assertEquals(20, strip.getHeight());
        for (int i = 0; i < 3; i++) {
            assertEquals(COLOURS[i], strip.getRGB(i * (30 + gap) + 15, 10) & 0xFFFFFF, "frame " + i);
        }
    }

    @Test
    void theGifHasAFramePerGridWithDelaysAndLoopsForever() throws Exception {
        RunDirectory run = runWithThreeGrids();
        Evolution.write(run);
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(run.evolutionGif().toFile())) {
            reader.setInput(in);
            assertEquals(3, reader.getNumImages(true));
            List<String> delays = new java.util.ArrayList<>();
            boolean loops = false;
            for (int i = 0; i < 3; i++) {
                assertEquals(COLOURS[i], reader.read(i).getRGB(15, 10) & 0xFFFFFF, "frame " + i);
                IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(i)
                        .getAsTree("javax_imageio_gif_image_1.0");
                IIOMetadataNode control = (IIOMetadataNode) root.getElementsByTagName("GraphicControlExtension")
                        .item(0);
                delays.add(control.getAttribute("delayTime"));
                var apps = root.getElementsByTagName("ApplicationExtension");
                for (int k = 0; k < apps.getLength(); k++) {
                    IIOMetadataNode app = (IIOMetadataNode) apps.item(k);
                    byte[] data = (byte[]) app.getUserObject();
                    loops |= app.getAttribute("applicationID").equals("NETSCAPE") && data[0] == 1 && data[1] == 0
                            && data[2] == 0;
                }
            }
            assertEquals(List.of("50", "50", "200"), delays);
            assertTrue(loops, "NETSCAPE2.0 loop extension with count 0");
        } finally {
            reader.dispose();
        }
    }

    @Test
    void aRunWithoutGridsWritesNothing() {
        RunDirectory run = RunDirectory.prepare(dir.resolve("empty"));
        assertEquals(0, Evolution.write(run));
        assertFalse(Files.exists(run.evolutionGif()));
    }

    @Test
    void longRunsArePickedEvenlyWithBothEnds() {
        List<Integer> all = java.util.stream.IntStream.range(0, 101).boxed().toList();
        assertEquals(List.of(0, 25, 50, 75, 100), Evolution.pick(all, 5));
    }
}
