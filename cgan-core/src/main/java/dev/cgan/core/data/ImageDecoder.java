package dev.cgan.core.data;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Turns the bytes of one PNG or JPEG file into the pixels a model trains on: the central square, resampled to
 * {@link ImageShape#size()} (see {@link SquareResampler}), as RGB or grayscale bytes laid out
 * {@code [channels, size, size]}.
 *
 * <p>Every mode javax.imageio decodes is accepted — grayscale, RGB, palette, with or without alpha, 8 or 16 bits per
 * sample. Alpha is dropped, as PIL's {@code convert("RGB")} (torchvision's image-folder loader) does; RGB becomes
 * grayscale with ITU-R 601 luma ({@code 0.299 R + 0.587 G + 0.114 B}, as PIL's {@code convert("L")}); 16-bit samples
 * are scaled to 8 bits. EXIF orientation is not applied.
 *
 * <p>Untrusted files fail cleanly: the format is recognised from its signature, not its name; the declared size is
 * checked against {@link #MAX_PIXELS} before any pixel is decoded; large images are decoded subsampled (never below
 * four source pixels per target pixel on each axis) so memory stays small; and whatever the decoder throws on a corrupt
 * or truncated file becomes an {@link UnreadableImageException} naming the file.
 */
public final class ImageDecoder {

    /** The most pixels (width × height) an image may declare: 100 megapixels. */
    public static final long MAX_PIXELS = 100_000_000L;

    /** Source pixels per target pixel on each axis that subsampled decoding keeps at least. */
    private static final int OVERSAMPLING = 4;

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private ImageDecoder() {
    }

    /**
     * Decodes {@code bytes} (a PNG or JPEG file) into {@code out} from {@code offset}, {@link ImageShape#length()}
     * bytes.
     *
     * @param source names the file in messages
     * @throws UnreadableImageException if the bytes are not a decodable PNG or JPEG of an acceptable size
     */
    public static void decode(byte[] bytes, String source, ImageShape shape, byte[] out, int offset) {
        String format = format(bytes);
        if (format == null) {
            throw new UnreadableImageException(source + " is not a PNG or JPEG file (its first bytes are neither "
                    + "signature)");
        }
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
        if (!readers.hasNext()) {
            throw new UnreadableImageException("this Java runtime has no " + format + " decoder for " + source);
        }
        ImageReader reader = readers.next();
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width < 1 || height < 1 || (long) width * height > MAX_PIXELS) {
                throw new UnreadableImageException(String.format(Locale.ROOT, "%s declares %dx%d pixels, outside "
                        + "1 to %d megapixels; shrink it or remove it", source, width, height, MAX_PIXELS / 1_000_000));
            }
            ImageReadParam param = reader.getDefaultReadParam();
            int step = Math.max(1, Math.min(width, height) / (OVERSAMPLING * shape.size()));
            if (step > 1) {
                param.setSourceSubsampling(step, step, 0, 0);
            }
            BufferedImage image = reader.read(0, param);
            if (image == null || image.getWidth() < 1 || image.getHeight() < 1) {
                throw new UnreadableImageException(source + " decodes to no image; the file is corrupt");
            }
            toShape(image, shape, out, offset);
        } catch (UnreadableImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // javax.imageio reports damage with IIOException and, for some corruptions, with whatever runtime
            // exception its parser ran into (index out of bounds, negative array size, illegal argument).
            throw new UnreadableImageException(source + " is not a readable " + format + " image ("
                    + describe(e) + ")", e);
        } finally {
            reader.dispose();
        }
    }

    /** {@code "png"}, {@code "jpeg"} or null, from the file's signature. */
    static String format(byte[] bytes) {
        if (bytes.length >= PNG_SIGNATURE.length) {
            boolean png = true;
            for (int i = 0; i < PNG_SIGNATURE.length; i++) {
                png &= bytes[i] == PNG_SIGNATURE[i];
            }
            if (png) {
                return "png";
            }
        }
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8 && (bytes[2] & 0xFF) == 0xFF) {
            return "jpeg";
        }
        return null;
    }

    private static void toShape(BufferedImage image, ImageShape shape, byte[] out, int offset) {
        int w = image.getWidth();
        int h = image.getHeight();
        int plane = shape.size() * shape.size();
        float[][] channels = shape.channels() == 1 ? new float[][] {gray(image)} : rgb(image);
        for (int c = 0; c < channels.length; c++) {
            SquareResampler.resample(channels[c], w, h, shape.size(), out, offset + c * plane);
        }
    }

    /** One plane of 0..255 values. */
    private static float[] gray(BufferedImage image) {
        float[] single = singleComponent(image);
        if (single != null) {
            return single;
        }
        float[][] rgb = rgb(image);
        float[] out = new float[rgb[0].length];
        for (int i = 0; i < out.length; i++) {
            out[i] = 0.299f * rgb[0][i] + 0.587f * rgb[1][i] + 0.114f * rgb[2][i];
        }
        return out;
    }

    /** Three planes of 0..255 values. */
    private static float[][] rgb(BufferedImage image) {
        float[] single = singleComponent(image);
        if (single != null) {
            return new float[][] {single, single, single};
        }
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        float[][] out = new float[3][w * h];
        for (int i = 0; i < argb.length; i++) {
            out[0][i] = (argb[i] >> 16) & 0xFF;
            out[1][i] = (argb[i] >> 8) & 0xFF;
            out[2][i] = argb[i] & 0xFF;
        }
        return out;
    }

    /**
     * The gray plane of a grayscale image (8 or 16 bits, with or without alpha) read from its samples, or null for
     * colour. Java2D treats gray images as linear light, so {@code getRGB} would gamma-shift them; the stored values
     * are what a PNG or JPEG viewer shows.
     */
    private static float[] singleComponent(BufferedImage image) {
        ColorModel cm = image.getColorModel();
        if (!(cm instanceof ComponentColorModel) || cm.getNumColorComponents() != 1) {
            return null;
        }
        Raster raster = image.getRaster();
        int w = image.getWidth();
        int h = image.getHeight();
        double max = (1L << cm.getComponentSize(0)) - 1;
        int[] row = new int[w];
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                out[y * w + x] = (float) (row[x] * 255.0 / max);
            }
        }
        return out;
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        String text = m == null || m.isBlank() ? e.getClass().getSimpleName() : m.strip();
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
