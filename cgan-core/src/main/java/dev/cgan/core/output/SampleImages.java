package dev.cgan.core.output;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Single generated images as pictures, at their own size: what {@code cgan-cli generate} writes one file each. */
public final class SampleImages {

    private SampleImages() {
    }

    /** Image {@code index} of {@code pixels} ({@code [n, channels, size, size]}, values in [-1, 1]). */
    public static BufferedImage render(float[] pixels, int index, int channels, int size) {
        int plane = size * size;
        int base = index * channels * plane;
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int i = base + y * size + x;
                int r = SampleGridImage.toByte(pixels[i]);
                int rgb = channels == 1 ? r * 0x010101
                        : (r << 16) | (SampleGridImage.toByte(pixels[i + plane]) << 8)
                                | SampleGridImage.toByte(pixels[i + 2 * plane]);
                image.setRGB(x, y, rgb);
            }
        }
        return image;
    }

    /** Writes image {@code index} of {@code pixels} as a PNG, atomically. */
    public static void write(float[] pixels, int index, int channels, int size, Path file) {
        try {
            AtomicFile.write(file, SampleGridImage.png(render(pixels, index, channels, size)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + RunDirectory.reason(e), e);
        }
    }
}
