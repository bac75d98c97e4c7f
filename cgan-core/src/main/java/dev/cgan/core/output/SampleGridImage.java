package dev.cgan.core.output;

import dev.cgan.core.train.SampleGrid;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A {@link SampleGrid} as a picture: one row per class with the class name on the left, the fixed-noise samples side
 * by side, a caption saying after which iteration they were generated. Small images are scaled up by whole pixels
 * (32×32 becomes 64×64) so that a grid is readable without zooming and no interpolation blurs it.
 */
public final class SampleGridImage {

    /** Pixels between images and around the grid. */
    static final int PADDING = 2;

    private static final Color BACKGROUND = Color.WHITE;
    private static final Color TEXT = new Color(0x33, 0x33, 0x33);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final int LABEL_GAP = 6;

    private SampleGridImage() {
    }

    /** The factor each image is enlarged by: 2 for 32×32 (and 28×28), 1 from 64×64 on. */
    public static int scale(int imageSize) {
        return Math.max(1, 64 / imageSize);
    }

    /**
     * Draws the grid.
     *
     * @throws IllegalArgumentException if the grid's pixel count does not match its declared shape
     */
    public static BufferedImage render(SampleGrid grid) {
        int rows = grid.classNames().size();
        int cols = grid.perClass();
        int channels = grid.channels();
        int size = grid.size();
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("sample grids need 1 or 3 channels, got " + channels);
        }
        long expected = (long) rows * cols * channels * size * size;
        if (grid.pixels().length != expected) {
            throw new IllegalArgumentException("sample grid of " + rows + "×" + cols + " images of " + channels + "×"
                    + size + "×" + size + " needs " + expected + " values, got " + grid.pixels().length);
        }
        int scale = scale(size);
        int cell = size * scale;

        // Measure the text on a scratch image first: the label column is as wide as the longest class name.
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D sg = scratch.createGraphics();
        TextPainter measure = new TextPainter(sg, LABEL_FONT);
        int labelWidth = 0;
        for (String name : grid.classNames()) {
            labelWidth = Math.max(labelWidth, measure.width(name));
        }
        int captionHeight = measure.height() > 0 ? measure.height() + PADDING * 2 : 0;
        sg.dispose();
        int left = labelWidth > 0 ? labelWidth + 2 * LABEL_GAP : 0;

        int width = left + PADDING + cols * (cell + PADDING);
        int height = captionHeight + PADDING + rows * (cell + PADDING);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, width, height);
            paintSamples(grid, image, left + PADDING, captionHeight + PADDING, scale);

            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(TEXT);
            TextPainter text = new TextPainter(g, LABEL_FONT);
            String caption = grid.iteration() == 0 ? "before training" : "iteration " + grid.iteration();
            text.draw(caption, left + PADDING, PADDING + text.ascent());
            for (int r = 0; r < rows; r++) {
                int top = captionHeight + PADDING + r * (cell + PADDING);
                int baseline = top + (cell + text.ascent()) / 2 - 1;
                text.drawRight(grid.classNames().get(r), left - LABEL_GAP, baseline);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Renders the grid and writes it as PNG to {@code file}, atomically. */
    public static void write(SampleGrid grid, Path file) {
        try {
            AtomicFile.write(file, png(render(grid)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + RunDirectory.reason(e), e);
        }
    }

    /** Encodes an image as PNG bytes. */
    static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", bytes)) {
            throw new IOException("no PNG encoder in this Java runtime");
        }
        return bytes.toByteArray();
    }

    private static void paintSamples(SampleGrid grid, BufferedImage image, int x0, int y0, int scale) {
        // Writing the int raster directly: setRGB per pixel would be several times slower for large grids.
        int[] raster = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        int stride = image.getWidth();
        int size = grid.size();
        int channels = grid.channels();
        int plane = size * size;
        int cell = size * scale;
        float[] px = grid.pixels();
        for (int r = 0; r < grid.classNames().size(); r++) {
            for (int c = 0; c < grid.perClass(); c++) {
                int base = (r * grid.perClass() + c) * channels * plane;
                int left = x0 + c * (cell + PADDING);
                int top = y0 + r * (cell + PADDING);
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        int i = base + y * size + x;
                        int red = toByte(px[i]);
                        int rgb = channels == 1
                                ? red * 0x010101
                                : (red << 16) | (toByte(px[i + plane]) << 8) | toByte(px[i + 2 * plane]);
                        for (int dy = 0; dy < scale; dy++) {
                            int row = (top + y * scale + dy) * stride + left + x * scale;
                            for (int dx = 0; dx < scale; dx++) {
                                raster[row + dx] = rgb;
                            }
                        }
                    }
                }
            }
        }
    }

    /** [-1, 1] to 0..255, clamped; NaN (a diverged generator) shows as black rather than failing. */
    static int toByte(float v) {
        if (!(v > -1f)) {
            return 0;
        }
        if (v >= 1f) {
            return 255;
        }
        return Math.round((v + 1f) * 127.5f);
    }
}
